using BackupRestore.Dashboard.Features.Targets;
using Microsoft.AspNetCore.SignalR;

namespace BackupRestore.Dashboard.Features.Live;

/// <summary>Every few seconds, tells the walls when each target was last read successfully (one small message to the group).</summary>
internal sealed class FreshnessBroadcaster(
    TargetHealthBoard health,
    IHubContext<DashboardHub, IDashboardClient> hub,
    TimeProvider time) : BackgroundService
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Every, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var freshness = new Freshness(time.GetUtcNow(), health.All.ToDictionary(h => h.Name, h => h.LastSuccessAt));
                await hub.Clients.Group(DashboardHub.WallGroup).FreshnessChanged(freshness);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}
