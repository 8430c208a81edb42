using BackupRestore.Dashboard.Tests.Infrastructure;
using BackupRestore.Simulator.Nsx;

namespace BackupRestore.Dashboard.Tests.Features.Live;

/// <summary>Backend change → poller → one render → hub push, with the app on Kestrel and a .NET SignalR client.</summary>
public sealed class LivePushTests : IAsyncLifetime
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(5);
    private readonly ManualTimeProvider clock = new(DateTimeOffset.UtcNow);
    private SimulatorHandle sim = default!;
    private DashboardApp app = default!;
    private NsxMachine machine = default!;

    public async Task InitializeAsync()
    {
        sim = await SimulatorHandle.StartAsync();
        machine = sim.AddNsx("east", NsxScenario.RunsToSuccess);
        sim.AddNsx("west", NsxScenario.SuspendsForUserAction);
        app = DashboardApp.Start([sim.TargetOptions("nsx", "east", Poll), sim.TargetOptions("nsx", "west", Poll)], clock);
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        await sim.DisposeAsync();
    }

    [Fact]
    public async Task A_backend_change_is_pushed_to_connected_clients_at_the_next_poll()
    {
        await using var client = await app.ListenAsync();
        await client.WaitForAsync(f => f.Id == "east:cluster-restore" && f.Html.Contains("Step 2 of 11", StringComparison.Ordinal));

        machine.CompleteCurrentStep();
        clock.Advance(Poll);
        var pushed = await client.WaitForAsync(f => f.Id == "east:cluster-restore" && f.Html.Contains("Step 3 of 11", StringComparison.Ordinal));

        Assert.Contains("PREPARE_NODES", pushed.Html, StringComparison.Ordinal);
        Assert.StartsWith("<article id=\"op-east:cluster-restore\"", pushed.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_change_is_rendered_once_however_many_browsers_watch()
    {
        var clients = new List<HubListener>();
        for (var i = 0; i < 5; i++)
        {
            clients.Add(await app.ListenAsync());
        }
        foreach (var client in clients)
        {
            await client.WaitForAsync(f => f.Html.Contains("Step 2 of 11", StringComparison.Ordinal));
            await client.WaitForAsync(f => f.Id == "west:cluster-restore");
        }
        // Both first polls are done (their cards and the counts are rendered): from here only our change renders.
        await app.Get<BackupRestore.Dashboard.Features.Live.LiveUpdates>().SummaryHtmlAsync();
        var rendersBefore = app.Renders.Count;

        machine.CompleteCurrentStep();
        clock.Advance(Poll);
        foreach (var client in clients)
        {
            await client.WaitForAsync(f => f.Html.Contains("Step 3 of 11", StringComparison.Ordinal));
        }

        Assert.Equal(1, app.Renders.Count - rendersBefore);
        foreach (var client in clients)
        {
            await client.DisposeAsync();
        }
    }

    [Fact]
    public async Task An_unchanged_backend_causes_no_render_and_no_push()
    {
        await using var client = await app.ListenAsync();
        await client.WaitForAsync(f => f.Html.Contains("Step 2 of 11", StringComparison.Ordinal));
        await client.WaitForAsync(f => f.Id == "west:cluster-restore");
        var rendersBefore = app.Renders.Count;

        clock.Advance(Poll);
        machine.CompleteCurrentStep();
        clock.Advance(Poll);
        await client.WaitForAsync(f => f.Html.Contains("Step 3 of 11", StringComparison.Ordinal));

        Assert.Equal(1, app.Renders.Count - rendersBefore);
    }

    [Fact]
    public async Task A_client_that_reconnects_catches_up_on_what_it_missed()
    {
        await using var watcher = await app.ListenAsync();
        await watcher.WaitForAsync(f => f.Id == "east:cluster-restore");
        await watcher.WaitForAsync(f => f.Id == "west:cluster-restore");
        long seen;
        await using (var browser = await app.ListenAsync())
        {
            seen = (await browser.CatchUpAsync(0)).Version;
        }

        machine.CompleteCurrentStep();
        clock.Advance(Poll);
        await watcher.WaitForAsync(f => f.Html.Contains("Step 3 of 11", StringComparison.Ordinal));
        await using var reconnected = await app.ListenAsync();
        var missed = await reconnected.CatchUpAsync(seen);

        var card = Assert.Single(missed.Changed);
        Assert.Equal("east:cluster-restore", card.Id);
        Assert.Contains("Step 3 of 11", card.Html, StringComparison.Ordinal);
        Assert.Equal(["west:cluster-restore", "east:cluster-restore"], missed.Ids);
        Assert.True(missed.Version > seen);
        Assert.Contains("data-count>1<", missed.SummaryHtml, StringComparison.Ordinal);
    }
}
