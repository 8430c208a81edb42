using System.Collections.Concurrent;
using BackupRestore.Dashboard.Features.Auth;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace BackupRestore.Dashboard.Features.Live;

/// <summary>The hub's open connections, so that one whose token or user is no longer good can be closed.</summary>
internal sealed class HubConnections
{
    private readonly ConcurrentDictionary<string, HubCallerContext> open = new(StringComparer.Ordinal);

    public int Count => open.Count;

    public void Add(HubCallerContext context) => open[context.ConnectionId] = context;

    public void Remove(HubCallerContext context) => open.TryRemove(context.ConnectionId, out _);

    public IEnumerable<HubCallerContext> All => open.Values;
}

/// <summary>
/// Checks every hub connection's principal at the revalidation interval and closes those that no longer hold: a
/// revoked or expired token, a disabled user.
/// </summary>
internal sealed class HubRevalidation(HubConnections connections, PrincipalValidator validator, IOptions<AuthOptions> options, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RevalidationInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                foreach (var context in connections.All.ToList())
                {
                    if (context.User is not { } user || !await validator.IsStillValidAsync(user, stoppingToken))
                    {
                        context.Abort();
                        connections.Remove(context);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}

/// <summary>Pushes each store change to the hub's clients, from its own subscription: pollers never wait for it.</summary>
internal sealed class HubPublisher(Operations.OperationStore store, IHubContext<DashboardHub, IDashboardClient> hub) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = store.Subscribe();
        // Clients ask for the snapshot themselves (DashboardHub.Snapshot); held here, it would keep the first version
        // of every operation for the life of the process.
        _ = subscription.TakeSnapshot();
        try
        {
            await foreach (var changes in subscription.Changes.ReadAllAsync(stoppingToken))
            {
                foreach (var entry in changes.Upserted)
                {
                    await hub.Clients.All.OperationChanged(entry.Operation);
                }
                foreach (var id in changes.Removed)
                {
                    await hub.Clients.All.OperationRemoved(id, store.Version);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}
