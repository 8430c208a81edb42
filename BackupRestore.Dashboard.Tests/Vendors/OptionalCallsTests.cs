using BackupRestore.Dashboard.Tests.Infrastructure;
using BackupRestore.Dashboard.Vendors;
using BackupRestore.Dashboard.Vendors.Cse;
using BackupRestore.Dashboard.Vendors.GeminiDb;
using BackupRestore.Dashboard.Vendors.Nsx;
using BackupRestore.Simulator;
using BackupRestore.Simulator.Cse;
using BackupRestore.Simulator.GeminiDb;
using BackupRestore.Simulator.Nsx;

namespace BackupRestore.Dashboard.Tests.Vendors;

/// <summary>
/// A call that is not the target's primary status fails: the target is still read, and the panel that call fills
/// says what is missing and why (HTTP status, vendor code), on the operation and on the target.
/// </summary>
public sealed class OptionalCallsTests : IAsyncLifetime
{
    private SimulatorHandle sim = default!;
    private VendorClients clients = default!;

    public async Task InitializeAsync()
    {
        sim = await SimulatorHandle.StartAsync();
        clients = new VendorClients(sim.Time);
    }

    public async Task DisposeAsync()
    {
        await clients.DisposeAsync();
        await sim.DisposeAsync();
    }

    [Theory]
    [InlineData(SimFaultKind.Missing, 404, "404")]
    [InlineData(SimFaultKind.ServerError, 500, null)]
    [InlineData(SimFaultKind.HtmlErrorPage, 502, null)]
    public async Task Nsx_backups_that_cannot_be_listed_leave_the_restore_shown_with_the_reason(SimFaultKind fault, int status, string? code)
    {
        sim.AddNsx("m1", NsxScenario.IdleWithBackups);
        await sim.SetFaultAsync("nsx", "m1", fault, path: "backuptimestamps");

        var read = await clients.Connector<NsxConnector>().PollAsync(sim.TargetOptions("nsx", "m1"), default);

        var operation = Assert.Single(read.Operations);
        Assert.Equal("INITIAL", operation.VendorStatus);
        var gap = Assert.Single(operation.Gaps);
        Assert.Equal(("Backups to restore from", NsxConnector.BackupsCall, status, code), (gap.Panel, gap.Call, gap.HttpStatus, gap.VendorCode));
        Assert.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture), gap.Message, StringComparison.Ordinal);
        Assert.Equal([gap], read.Gaps);
    }

    [Fact]
    public async Task Nsx_instruction_resources_that_cannot_be_read_leave_the_instruction_and_its_actions_shown()
    {
        sim.AddNsx("m1", NsxScenario.SuspendsForUserAction);
        await sim.SetFaultAsync("nsx", "m1", SimFaultKind.Missing, path: "instruction-resources");

        var read = await clients.Connector<NsxConnector>().PollAsync(sim.TargetOptions("nsx", "m1"), default);

        var operation = Assert.Single(read.Operations);
        var instruction = Assert.Single(operation.Instructions);
        Assert.Empty(instruction.Resources);
        Assert.Equal(["advance", "cancel"], operation.Actions);
        var gap = Assert.Single(operation.Gaps);
        Assert.Equal((404, "404"), (gap.HttpStatus, gap.VendorCode));
        Assert.StartsWith($"Resources of instruction {instruction.Name}", gap.Panel, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GeminiDb_backups_show_without_the_instance_list_and_stop_is_not_offered_blind()
    {
        sim.Fleet.AddGeminiDb("g", GeminiDbScenario.Default);
        await sim.SetFaultAsync("geminidb", "g", SimFaultKind.Missing, path: "/instances");

        var read = await clients.Connector<GeminiDbConnector>().PollAsync(sim.TargetOptions("geminidb", "g"), default);

        var running = Assert.Single(read.Operations, o => o.VendorStatus == "BUILDING");
        Assert.Empty(running.Actions);
        var gap = Assert.Single(running.Gaps);
        Assert.Equal(("Backup phases and the stop action", GeminiDbApi.InstancesCall, 404, "APIGW.0101"), (gap.Panel, gap.Call, gap.HttpStatus, gap.VendorCode));
        Assert.Equal([gap], read.Gaps);
    }

    [Fact]
    public async Task A_cse_recovery_started_here_is_tracked_from_the_post_answer_when_the_recovery_list_is_missing()
    {
        sim.Fleet.AddCse("cse", CseScenario.Default);
        sim.Fleet.DocumentedOnly = true;
        var target = sim.TargetOptions("cse", "cse");
        var connector = clients.Connector<CseConnector>();
        var backup = sim.Target("cse", "cse").MachineAs<CseMachine>().Backups().First(b => b.Status == "Success");

        var before = await connector.PollAsync(target, default);
        var listing = await Assert.ThrowsAsync<VendorException>(() => connector.ListBackupsAsync(target, BackupQuery.All, default));
        var started = await connector.ExecuteBackupActionAsync(target, connector.Unlisted(backup.Id)!, new ActionInput("recovery", null,
            new Dictionary<string, string[]> { ["name"] = ["restore-documented"] }), default);
        var after = await connector.PollAsync(target, default);

        Assert.Empty(before.Operations);
        var gap = Assert.Single(before.Gaps);
        Assert.Equal(("Recoveries", 400, "SVCSTG.00501116"), (gap.Panel, gap.HttpStatus, gap.VendorCode));
        Assert.Equal((404, "APIGW.0101"), (listing.Error.HttpStatus, listing.Error.Code));
        var operation = Assert.Single(after.Operations);
        Assert.Equal(started.OperationId, operation.Id);
        Assert.Equal(("RecoveringData", "restore-documented"), (operation.VendorStatus, operation.VendorStatusDescription));
        Assert.Equal(("Progress", 400, "SVCSTG.00501116"), (operation.Gaps[0].Panel, operation.Gaps[0].HttpStatus, operation.Gaps[0].VendorCode));
    }
}
