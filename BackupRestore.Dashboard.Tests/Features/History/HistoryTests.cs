using System.Net;
using BackupRestore.Dashboard.Features.Auth;
using BackupRestore.Dashboard.Features.History;
using BackupRestore.Dashboard.Tests.Infrastructure;
using BackupRestore.Simulator;
using BackupRestore.Simulator.Cse;
using BackupRestore.Simulator.Nsx;

namespace BackupRestore.Dashboard.Tests.Features.History;

/// <summary>State changes on record, and the last known state shown at once after a restart.</summary>
public sealed class HistoryTests : IAsyncLifetime
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(5);
    private readonly ManualTimeProvider clock = new(DateTimeOffset.UtcNow);
    private readonly string data = Path.Combine(Path.GetTempPath(), "brd-tests", "history-" + Guid.NewGuid().ToString("n"));
    private SimulatorHandle sim = default!;

    public async Task InitializeAsync() => sim = await SimulatorHandle.StartAsync();

    public async Task DisposeAsync()
    {
        await sim.DisposeAsync();
        DashboardAppCleanup.DeleteFolder(data);
    }

    [Fact]
    public async Task Each_state_change_is_on_the_timeline_and_progress_alone_is_not()
    {
        var machine = sim.Fleet.AddCse("cse", CseScenario.Default).MachineAs<CseMachine>();
        var backup = machine.Backups().First(b => b.Status == "Success");
        await using var app = Start("cse");
        using var api = await app.ApiClientAsync(Roles.Operator);
        var started = await api.PostJsonAsync($"/api/targets/cse/backups/{backup.Id}/actions/recovery", new { name = "restore-history" }, HttpStatusCode.OK);
        var id = started.GetProperty("operation").Text("id");
        await using var watcher = await app.ListenAsync();

        foreach (var progress in new[] { 20, 40, 60, 80, 100 })
        {
            sim.Time.Advance(CseScenario.Default.Tick);
            clock.Advance(Poll);
            await watcher.WaitForAsync(f => f.Id == id && f.Progress == progress);
        }
        var history = app.Get<HistoryRecorder>();
        await history.FlushAsync();
        var timeline = await history.TimelineAsync(id, default);

        Assert.Equal(["RecoveringData", "RestartingService", "Success"], timeline.Select(e => e.ToVendorStatus));
        Assert.Equal([null, "RecoveringData", "RestartingService"], timeline.Select(e => e.FromVendorStatus));
        Assert.Equal([0, 80, 100], timeline.Select(e => e.Progress));
        Assert.Equal("succeeded", timeline[^1].ToState);
    }

    [Fact]
    public async Task After_a_restart_the_last_known_state_shows_at_once_marked_not_refreshed()
    {
        sim.AddNsx("west", NsxScenario.SuspendsForUserAction);
        await using (var first = Start("west"))
        {
            await first.WaitForOperationAsync("west:cluster-restore");
            await first.Get<HistoryRecorder>().FlushAsync();
        }
        await sim.SetFaultAsync("nsx", "west", SimFaultKind.Restart);

        await using var second = Start("west");
        using var api = await second.ApiClientAsync(Roles.Viewer);
        var known = (await api.GetJsonAsync("/api/operations")).EnumerateArray().Single();
        await second.WaitForOperationAsync("west:cluster-restore", f => f.TargetIssue is not null);
        (await sim.Control.DeleteAsync(new Uri(sim.Running.Address, "/_sim/nsx/west/fault"))).EnsureSuccessStatusCode();
        clock.Advance(Poll);
        await second.WaitForOperationAsync("west:cluster-restore", f => !f.NotRefreshed);

        Assert.Equal("SUSPENDED_FOR_USER_ACTION", known.Text("vendorStatus"));
        Assert.True(known.GetProperty("notRefreshed").GetBoolean());
        Assert.Equal(0, known.GetProperty("actions").GetArrayLength());
    }

    [Fact]
    public async Task Operations_of_a_target_no_longer_configured_are_retired_at_start_and_keep_their_history()
    {
        sim.AddNsx("west", NsxScenario.SuspendsForUserAction);
        sim.AddNsx("east", NsxScenario.RunsToSuccess);
        await using (var first = DashboardApp.Start([sim.TargetOptions("nsx", "west", Poll), sim.TargetOptions("nsx", "east", Poll)], clock,
            new Dictionary<string, string?> { ["Data:Folder"] = data }))
        {
            await first.WaitForOperationAsync("west:cluster-restore");
            await first.WaitForOperationAsync("east:cluster-restore");
            await first.Get<HistoryRecorder>().FlushAsync();
        }

        await using var second = Start("east");
        using var api = await second.ApiClientAsync(Roles.Viewer);
        var listed = (await api.GetJsonAsync("/api/operations")).EnumerateArray().Select(o => o.Text("id")).ToList();
        var timeline = await second.Get<HistoryRecorder>().TimelineAsync("west:cluster-restore", default);
        var counts = second.Get<BackupRestore.Dashboard.Features.Operations.OperationStore>().Counts();

        Assert.Equal(["east:cluster-restore"], listed);
        Assert.Equal(1, counts.Values.Sum());
        Assert.Equal(HistoryRecorder.RetiredMessage, timeline[^1].Message);
        Assert.Equal("suspended", timeline[^1].ToState);
        Assert.True(timeline.Count >= 2);
    }

    private DashboardApp Start(string target) => DashboardApp.Start([sim.TargetOptions(sim.Fleet.Targets.Single(t => t.Name == target).System, target, Poll)], clock,
        new Dictionary<string, string?> { ["Data:Folder"] = data });
}
