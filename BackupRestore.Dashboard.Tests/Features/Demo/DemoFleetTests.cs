using BackupRestore.Dashboard.Features.Operations;
using BackupRestore.Dashboard.Features.Polling;
using BackupRestore.Dashboard.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace BackupRestore.Dashboard.Tests.Features.Demo;

/// <summary>The demo a new user sees: every system at once, and it stays the same size however long it runs.</summary>
public sealed class DemoFleetTests
{
    [Fact]
    public async Task The_demo_fleet_stays_bounded_however_long_it_runs()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = DashboardApp.Start([], clock, new Dictionary<string, string?> { ["Demo:PollInterval"] = "00:00:02" });
        var pollers = app.Get<TargetPollers>();
        var store = app.Get<OperationStore>();
        await PollAllAsync(pollers);
        var atStart = store.Ordered().Count;
        var most = atStart;

        // Forty simulated minutes: every looping restore and backup runs many times over.
        for (var i = 0; i < 160; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(15));
            await PollAllAsync(pollers);
            most = Math.Max(most, store.Ordered().Count);
        }

        Assert.True(atStart >= 10, $"the demo showed {atStart} operations at start");
        Assert.True(most <= atStart + 6, $"the demo grew from {atStart} to {most} operations: {string.Join(", ", store.Ordered().Select(e => $"{e.Operation.Id} {e.Operation.State}"))}");
        Assert.Contains(store.Ordered(), e => e.Operation.State == OperationState.Running);
        Assert.Equal(["cbr", "cse", "geminidb", "nsx", "vcenter"], store.Ordered().Select(e => e.Operation.System).Distinct().Order());
    }

    private static async Task PollAllAsync(TargetPollers pollers)
    {
        foreach (var poller in pollers.All)
        {
            await poller.PollOnceAsync(CancellationToken.None);
        }
    }
}
