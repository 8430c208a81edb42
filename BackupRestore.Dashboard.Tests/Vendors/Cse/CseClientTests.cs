using BackupRestore.Dashboard.Features.Targets;
using BackupRestore.Dashboard.Tests.Infrastructure;
using BackupRestore.Dashboard.Vendors;
using BackupRestore.Dashboard.Vendors.Cse;
using BackupRestore.Simulator.Cse;

namespace BackupRestore.Dashboard.Tests.Vendors.Cse;

/// <summary>The typed CSE client against the simulated engine over real HTTP.</summary>
public sealed class CseClientTests : IAsyncLifetime
{
    private SimulatorHandle sim = default!;
    private VendorClients clients = default!;
    private CseClient client = default!;

    public async Task InitializeAsync()
    {
        sim = await SimulatorHandle.StartAsync();
        sim.Fleet.AddCse("cse", CseScenario.Default);
        clients = new VendorClients(sim.Time);
        client = clients.Get<CseClient>();
    }

    public async Task DisposeAsync()
    {
        await clients.DisposeAsync();
        await sim.DisposeAsync();
    }

    [Fact]
    public async Task Recovery_answers_a_record_with_progress_and_time_sent_as_strings_and_runs_to_success()
    {
        var backup = (await client.ListBackupsAsync(Target(), default)).First(b => b.Name == "backup-nightly-1121");

        var record = await client.RecoverAsync(Target(), backup.Id!, new CseRecoveryRequest("restore-test", "from nightly"), default);
        sim.Time.Advance(CseScenario.Default.Tick * 4);
        var restarting = (await client.ListRecoveriesAsync(Target(), default)).Single();
        sim.Time.Advance(CseScenario.Default.Tick);
        var done = (await client.ListRecoveriesAsync(Target(), default)).Single();

        Assert.Equal(("RecoveringData", 0, 0L), (record.Status, record.Progress, record.Time));
        Assert.Equal(("restore-test", "backup-nightly-1121"), (record.Name, record.BackupName));
        Assert.Equal(("RestartingService", 80), (restarting.Status, restarting.Progress));
        Assert.Equal(("Success", 100), (done.Status, done.Progress));
        Assert.Equal(15_000, done.Time);
    }

    [Fact]
    public async Task A_corrupted_backup_fails_with_a_reason()
    {
        var backup = (await client.ListBackupsAsync(Target(), default)).First(b => b.Name == "backup-corrupted");

        await client.RecoverAsync(Target(), backup.Id!, new CseRecoveryRequest("restore-bad", null), default);
        sim.Time.Advance(CseScenario.Default.Tick * 3);
        var failed = (await client.ListRecoveriesAsync(Target(), default)).Single();

        Assert.Equal(("RecoveringDataFailed", 60), (failed.Status, failed.Progress));
        Assert.Contains("checksum", failed.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Errors_carry_the_SVCSTG_code_and_detail()
    {
        var backups = await client.ListBackupsAsync(Target(), default);
        var good = backups.First(b => b.Status == "Success");
        var backing = backups.First(b => b.Status == "Backing");
        await client.RecoverAsync(Target(), good.Id!, new CseRecoveryRequest("first", null), default);

        var busy = await Assert.ThrowsAsync<VendorException>(() => client.RecoverAsync(Target(), good.Id!, new CseRecoveryRequest("second", null), default));
        var notReady = await Assert.ThrowsAsync<VendorException>(() => client.RecoverAsync(Target(), backing.Id!, new CseRecoveryRequest("x", null), default));
        var wrongEngine = Target();
        wrongEngine.EngineId = "no-such-engine";
        var missing = await Assert.ThrowsAsync<VendorException>(() => client.ListBackupsAsync(wrongEngine, default));

        Assert.Equal(("SVCSTG.00501132", true), (busy.Error.Code, busy.Error.StateConflict));
        Assert.Equal("SVCSTG.00501131", notReady.Error.Code);
        Assert.Equal((400, "SVCSTG.00501116", "engine_id"), (missing.Error.HttpStatus, missing.Error.Code, missing.Error.Details));
    }

    [Fact]
    public async Task The_enterprise_project_header_is_sent_only_when_configured()
    {
        var machine = sim.Target("cse", "cse").MachineAs<CseMachine>();
        var target = Target();

        await client.ListBackupsAsync(target, default);
        var without = machine.LastEnterpriseProjectId;
        target.EnterpriseProjectId = "ep-42";
        await client.ListBackupsAsync(target, default);

        Assert.Null(without);
        Assert.Equal("ep-42", machine.LastEnterpriseProjectId);
    }

    private TargetOptions Target() => sim.TargetOptions("cse", "cse");
}
