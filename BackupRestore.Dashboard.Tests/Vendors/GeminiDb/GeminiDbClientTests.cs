using BackupRestore.Dashboard.Features.Targets;
using BackupRestore.Dashboard.Tests.Infrastructure;
using BackupRestore.Dashboard.Vendors;
using BackupRestore.Dashboard.Vendors.GeminiDb;
using BackupRestore.Simulator;
using BackupRestore.Simulator.GeminiDb;

namespace BackupRestore.Dashboard.Tests.Vendors.GeminiDb;

/// <summary>The Refit GeminiDB client (and IAM) against the simulated project over real HTTP.</summary>
public sealed class GeminiDbClientTests : IAsyncLifetime
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

    [Fact]
    public async Task Lists_every_backup_across_pages_with_one_cached_iam_token()
    {
        sim.Fleet.AddGeminiDb("g", GeminiDbScenario.Default with { CompletedBackups = 230 });

        var backups = await Api.ListAllBackupsAsync(Target(), default);
        await Api.ListTargetInstancesAsync(Target(), default);

        Assert.Equal(231, backups.Count);
        Assert.Equal(231, backups.Select(b => b.Id).Distinct().Count());
        Assert.Equal(3, sim.Target("geminidb", "g").CallLog.Count(c => c.Contains("/backups?offset=", StringComparison.Ordinal)));
        Assert.Equal(1, sim.Fleet.Iam.Issued);
    }

    [Fact]
    public async Task A_token_revoked_early_is_fetched_again_once()
    {
        sim.Fleet.AddGeminiDb("g", GeminiDbScenario.Default);
        await Api.ListTargetInstancesAsync(Target(), default);

        await sim.ExpireIamTokensAsync();
        var instances = await Api.ListTargetInstancesAsync(Target(), default);

        Assert.Equal(2, instances.Count);
        Assert.Equal(2, sim.Fleet.Iam.Issued);
    }

    [Fact]
    public async Task A_token_is_renewed_shortly_before_it_expires_without_waiting_for_a_401()
    {
        sim.Fleet.AddGeminiDb("g", GeminiDbScenario.Quiet);
        await Api.ListTargetInstancesAsync(Target(), default);

        sim.Time.Advance(TimeSpan.FromHours(24) - TimeSpan.FromMinutes(4));
        await Api.ListTargetInstancesAsync(Target(), default);

        // The first token is still valid for four minutes: only a proactive renewal explains a second one.
        Assert.Equal(2, sim.Fleet.Iam.Issued);
    }

    [Fact]
    public async Task Stop_answers_202_with_a_job_that_completes_and_the_backup_ends_failed()
    {
        var scenario = GeminiDbScenario.Default;
        sim.Fleet.AddGeminiDb("g", scenario);
        var running = (await Api.ListAllBackupsAsync(Target(), default)).Single(b => b.Status == "BUILDING");

        var jobId = (await Api.StopBackupAsync(Project, running.Id!, new("stop"), default)).JobId!;
        var job = (await Api.GetJobAsync(Project, jobId, default)).Job;
        sim.Time.Advance(scenario.Tick * 2);
        var done = (await Api.GetJobAsync(Project, jobId, default)).Job;
        var after = (await Api.ListAllBackupsAsync(Target(), default)).Single(b => b.Id == running.Id);

        Assert.Equal(("StopBackup", "Running", "0%"), (job!.Name, job.Status, job.Progress));
        Assert.Equal("Completed", done!.Status);
        Assert.Equal("FAILED", after.Status);
        Assert.NotNull(GeminiDbTime.Parse(after.EndTime));
    }

    [Fact]
    public async Task Stop_outside_the_backing_up_phases_is_refused_with_DBS_200011()
    {
        sim.Fleet.AddGeminiDb("g", GeminiDbScenario.Quiet);
        var completed = (await Api.ListAllBackupsAsync(Target(), default)).First();

        var error = await Assert.ThrowsAsync<VendorException>(() => Api.StopBackupAsync(Project, completed.Id!, new("stop"), default));

        Assert.Equal((403, "DBS.200011", true), (error.Error.HttpStatus, error.Error.Code, error.Error.StateConflict));
        Assert.Contains("stopBackup operation now", error.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_makes_a_manual_backup_and_an_invalid_name_is_a_parameter_error()
    {
        sim.Fleet.AddGeminiDb("g", GeminiDbScenario.Quiet);
        var instance = (await Api.ListTargetInstancesAsync(Target(), default))[0];

        var created = await Api.CreateBackupAsync(Project, instance.Id!, new GdbCreateRequest("manual-test", "before the change"), default);
        var busy = await Assert.ThrowsAsync<VendorException>(() => Api.CreateBackupAsync(Project, instance.Id!, new GdbCreateRequest("second-one", null), default));
        var invalid = await Assert.ThrowsAsync<VendorException>(() => Api.CreateBackupAsync(Project, instance.Id!, new GdbCreateRequest("1bad", null), default));
        var backups = await Api.ListAllBackupsAsync(Target(), default);

        Assert.NotNull(created.JobId);
        Assert.Equal("BUILDING", backups.Single(b => b.Id == created.BackupId).Status);
        Assert.Equal("Manual", backups.Single(b => b.Id == created.BackupId).Type);
        Assert.Equal("DBS.200011", busy.Error.Code);
        Assert.Equal((400, "DBS.200001", false), (invalid.Error.HttpStatus, invalid.Error.Code, invalid.Error.StateConflict));
    }

    [Fact]
    public async Task A_gateway_401_after_the_retry_surfaces_as_APIGW_0301()
    {
        sim.Fleet.AddGeminiDb("g", GeminiDbScenario.Quiet);
        await sim.SetFaultAsync("geminidb", "g", SimFaultKind.ExpiredToken);

        var error = await Assert.ThrowsAsync<VendorException>(() => Api.ListTargetInstancesAsync(Target(), default));

        Assert.Equal((401, "APIGW.0301"), (error.Error.HttpStatus, error.Error.Code));
        Assert.Equal(2, sim.Fleet.Iam.Issued);
    }

    [Theory]
    [InlineData("2026-11-22 10:00:00", "2026-11-22T10:00:00+00:00")]
    [InlineData("2026-11-22T18:00:00+0800", "2026-11-22T10:00:00+00:00")]
    [InlineData("2026-11-22T10:00:00Z", "2026-11-22T10:00:00+00:00")]
    public void Both_documented_time_formats_are_read(string text, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), GeminiDbTime.Parse(text));

    private TargetOptions Target() => sim.TargetOptions("geminidb", "g");

    private static string Project => BackupRestore.Simulator.Huawei.SimIam.ProjectId;

    private IGeminiDbApi Api => clients.GeminiDb(Target());
}
