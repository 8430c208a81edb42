using BackupRestore.Dashboard.Features.Targets;
using BackupRestore.Dashboard.Tests.Infrastructure;
using BackupRestore.Dashboard.Vendors;
using BackupRestore.Dashboard.Vendors.Cbr;
using BackupRestore.Simulator;
using BackupRestore.Simulator.Cbr;

namespace BackupRestore.Dashboard.Tests.Vendors.Cbr;

/// <summary>The Refit CBR client against the simulated vault over real HTTP.</summary>
public sealed class CbrClientTests : IAsyncLifetime
{
    private SimulatorHandle sim = default!;
    private VendorClients clients = default!;

    public async Task InitializeAsync()
    {
        sim = await SimulatorHandle.StartAsync();
        sim.Fleet.AddCbr("vault", CbrScenario.Default);
        clients = new VendorClients(sim.Time);
    }

    public async Task DisposeAsync()
    {
        await clients.DisposeAsync();
        await sim.DisposeAsync();
    }

    [Fact]
    public async Task Backups_are_filtered_by_status_resource_type_and_name()
    {
        var all = await Api.ListAllBackupsAsync(Target(), BackupQuery.All, default);
        var available = await Api.ListAllBackupsAsync(Target(), new BackupQuery(Status: "available"), default);
        var disks = await Api.ListAllBackupsAsync(Target(), new BackupQuery(ResourceType: "OS::Cinder::Volume"), default);
        var named = await Api.ListAllBackupsAsync(Target(), new BackupQuery(Name: "ecs-web"), default);

        Assert.Equal(5, all.Count);
        Assert.All(available, b => Assert.Equal("available", b.Status));
        Assert.Equal(3, available.Count);
        Assert.All(disks, b => Assert.Equal("OS::Cinder::Volume", b.ResourceType));
        // The name carries the backup's own creation day (not the newest backup's: they differ just after midnight).
        var web = Assert.Single(named);
        Assert.Equal("autobk_ecs-web-01_" + web.CreatedAt!.Value.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture), web.Name);
        Assert.Equal(web.Id, all.Single(b => b.ResourceName == "ecs-web-01").Id);
        Assert.Equal(2, all.First(b => b.ResourceName == "ecs-web-01").Children!.Count);
        Assert.Equal(TimeSpan.Zero, all[0].CreatedAt!.Value.Offset);
    }

    [Fact]
    public async Task A_server_restore_with_a_mapping_per_disk_is_accepted_and_tracked_by_its_operation_log()
    {
        var server = (await Api.ListAllBackupsAsync(Target(), new BackupQuery(Name: "ecs-web-01"), default)).Single();
        var since = sim.Time.GetUtcNow();

        await Restore(server.Id!, new CbrRestore(
            server.Children!.Select(c => new CbrMapping(c.Id!, c.ResourceId!)).ToList(), true, server.ResourceId, null), default);
        var waiting = (await Api.ListRestoreLogsAsync(Target(), since, default)).Single();
        sim.Time.Advance(CbrScenario.Default.Tick * 3);
        var running = (await Api.ListRestoreLogsAsync(Target(), since, default)).Single();

        Assert.Equal(("restore", "waiting"), (waiting.OperationType, waiting.Status));
        Assert.Equal(server.Id, waiting.ExtraInfo?.Restore?.BackupId);
        Assert.Equal(("running", 30), (running.Status, running.ExtraInfo?.Common?.Progress));
        Assert.Equal("ecs-web-01", running.ExtraInfo?.Restore?.TargetResourceName);
    }

    [Fact]
    public async Task A_failing_restore_reports_its_error_info()
    {
        var server = (await Api.ListAllBackupsAsync(Target(), new BackupQuery(Name: "ecs-app-02"), default)).Single();
        var since = sim.Time.GetUtcNow();

        await Restore(server.Id!, new CbrRestore(server.Children!.Select(c => new CbrMapping(c.Id!, "vol-x")).ToList(), false, "srv-x", null), default);
        sim.Time.Advance(CbrScenario.Default.Tick * 4);
        var failed = (await Api.ListRestoreLogsAsync(Target(), since, default)).Single();

        Assert.Equal("failed", failed.Status);
        Assert.Equal("BackupService.2001", failed.ErrorInfo?.Code);
        Assert.NotNull(failed.EndedAt);
    }

    [Fact]
    public async Task Refusals_carry_the_BackupService_codes()
    {
        var backups = await Api.ListAllBackupsAsync(Target(), BackupQuery.All, default);
        var protecting = backups.Single(b => b.Status == "protecting");
        var broken = backups.Single(b => b.Status == "error");
        var server = backups.First(b => b.Status == "available" && b.ResourceType == "OS::Nova::Server");

        var beingBackedUp = await Assert.ThrowsAsync<VendorException>(() => Restore(protecting.Id!, new CbrRestore(null, null, "s", null), default));
        var notAvailable = await Assert.ThrowsAsync<VendorException>(() => Restore(broken.Id!, new CbrRestore(null, null, null, "v"), default));
        var noMapping = await Assert.ThrowsAsync<VendorException>(() => Restore(server.Id!, new CbrRestore(null, true, "s", null), default));
        var missing = await Assert.ThrowsAsync<VendorException>(() => Restore("nope", new CbrRestore(null, null, null, "v"), default));

        Assert.Equal((400, "BackupService.2002", true), (beingBackedUp.Error.HttpStatus, beingBackedUp.Error.Code, beingBackedUp.Error.StateConflict));
        Assert.Equal(("BackupService.6202", true), (notAvailable.Error.Code, notAvailable.Error.StateConflict));
        Assert.Equal(("BackupService.9900", false), (noMapping.Error.Code, noMapping.Error.StateConflict));
        Assert.Equal((404, "BackupService.6302"), (missing.Error.HttpStatus, missing.Error.Code));
    }

    [Fact]
    public async Task Parsing_tolerates_numbers_as_strings_and_unknown_fields()
    {
        sim.Target("cbr", "vault").Quirks = new WireQuirks(NumbersAsStrings: true, UnknownFields: true);

        var backups = await Api.ListAllBackupsAsync(Target(), BackupQuery.All, default);

        Assert.Equal(140, backups.First(b => b.ResourceType == "OS::Nova::Server").ResourceSize);
    }

    private TargetOptions Target() => sim.TargetOptions("cbr", "vault");

    private ICbrApi Api => clients.Cbr(Target());

    private Task Restore(string backupId, CbrRestore restore, CancellationToken cancellationToken) =>
        Api.RestoreAsync(Target().ProjectId!, backupId, new CbrRestoreRequest(restore), cancellationToken);
}
