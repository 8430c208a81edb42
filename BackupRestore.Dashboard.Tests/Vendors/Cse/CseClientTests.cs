using BackupRestore.Dashboard.Features.Targets;
using BackupRestore.Dashboard.Tests.Infrastructure;
using BackupRestore.Dashboard.Vendors;
using BackupRestore.Dashboard.Vendors.Cse;
using BackupRestore.Simulator.Cse;

namespace BackupRestore.Dashboard.Tests.Vendors.Cse;

/// <summary>The Refit CSE client against the simulated engine over real HTTP.</summary>
public sealed class CseClientTests : IAsyncLifetime
{
    private SimulatorHandle sim = default!;
    private VendorClients clients = default!;

    public async Task InitializeAsync()
    {
        sim = await SimulatorHandle.StartAsync();
        sim.Fleet.AddCse("cse", CseScenario.Default);
        clients = new VendorClients(sim.Time);
    }

    public async Task DisposeAsync()
    {
        await clients.DisposeAsync();
        await sim.DisposeAsync();
    }

    [Fact]
    public async Task Recovery_answers_a_record_with_progress_and_time_sent_as_strings_and_runs_to_success()
    {
        var backup = (await Backups(Target())).First(b => b.Name == "backup-nightly-1121");

        var record = await Recover(backup.Id!, new CseRecoveryRequest("restore-test", "from nightly"), default);
        sim.Time.Advance(CseScenario.Default.Tick * 4);
        var restarting = (await Recoveries()).Single();
        sim.Time.Advance(CseScenario.Default.Tick);
        var done = (await Recoveries()).Single();

        Assert.Equal(("RecoveringData", 0, 0L), (record.Status, record.Progress, record.Time));
        Assert.Equal(("restore-test", "backup-nightly-1121"), (record.Name, record.BackupName));
        Assert.Equal(("RestartingService", 80), (restarting.Status, restarting.Progress));
        Assert.Equal(("Success", 100), (done.Status, done.Progress));
        Assert.Equal(15_000, done.Time);
    }

    [Fact]
    public async Task A_corrupted_backup_fails_with_a_reason()
    {
        var backup = (await Backups(Target())).First(b => b.Name == "backup-corrupted");

        await Recover(backup.Id!, new CseRecoveryRequest("restore-bad", null), default);
        sim.Time.Advance(CseScenario.Default.Tick * 3);
        var failed = (await Recoveries()).Single();

        Assert.Equal(("RecoveringDataFailed", 60), (failed.Status, failed.Progress));
        Assert.Contains("checksum", failed.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Errors_carry_the_SVCSTG_code_and_detail()
    {
        var backups = await Backups(Target());
        var good = backups.First(b => b.Status == "Success");
        var backing = backups.First(b => b.Status == "Backing");
        await Recover(good.Id!, new CseRecoveryRequest("first", null), default);

        var busy = await Assert.ThrowsAsync<VendorException>(() => Recover(good.Id!, new CseRecoveryRequest("second", null), default));
        var notReady = await Assert.ThrowsAsync<VendorException>(() => Recover(backing.Id!, new CseRecoveryRequest("x", null), default));
        var wrongEngine = Target();
        wrongEngine.EngineId = "no-such-engine";
        var missing = await Assert.ThrowsAsync<VendorException>(() => Backups(wrongEngine));

        Assert.Equal(("SVCSTG.00501132", true), (busy.Error.Code, busy.Error.StateConflict));
        Assert.Equal("SVCSTG.00501131", notReady.Error.Code);
        Assert.Equal((400, "SVCSTG.00501116", "engine_id"), (missing.Error.HttpStatus, missing.Error.Code, missing.Error.Details));
    }

    [Fact]
    public async Task The_enterprise_project_header_is_sent_only_when_configured()
    {
        var machine = sim.Target("cse", "cse").MachineAs<CseMachine>();
        var target = Target();

        await Backups(target);
        var without = machine.LastEnterpriseProjectId;
        target.EnterpriseProjectId = "ep-42";
        await Backups(target);

        Assert.Null(without);
        Assert.Equal("ep-42", machine.LastEnterpriseProjectId);
    }

    private TargetOptions Target() => sim.TargetOptions("cse", "cse");

    private async Task<IReadOnlyList<BackupRestore.Dashboard.Vendors.Cse.CseBackup>> Backups(TargetOptions target) =>
        (await clients.Cse(target).ListBackupsAsync(target.EngineId!, target.Project(), default)).Data!;

    private async Task<IReadOnlyList<CseRecoveryRecord>> Recoveries() =>
        (await clients.Cse(Target()).ListRecoveriesAsync(Target().EngineId!, null, default)).Data!;

    private Task<CseRecoveryRecord> Recover(string backupId, CseRecoveryRequest request, CancellationToken cancellationToken) =>
        clients.Cse(Target()).RecoverAsync(Target().EngineId!, backupId, request, null, cancellationToken);
}
