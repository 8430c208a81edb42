using BackupRestore.Dashboard.Features.Targets;
using BackupRestore.Dashboard.Tests.Infrastructure;
using BackupRestore.Dashboard.Vendors;
using BackupRestore.Dashboard.Vendors.Nsx;
using BackupRestore.Simulator;
using BackupRestore.Simulator.Nsx;

namespace BackupRestore.Dashboard.Tests.Vendors.Nsx;

/// <summary>The Refit NSX client (the app's own pipeline: auth, resilience, TLS) against the simulated NSX Manager, over real HTTP.</summary>
public sealed class NsxClientTests : IAsyncLifetime
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
    [InlineData("session")]
    [InlineData("basic")]
    public async Task Reads_status_with_either_auth_method(string auth)
    {
        sim.AddNsx("m1", NsxScenario.RunsToSuccess);

        var status = await Api(Target("m1", auth)).GetStatusAsync(default);

        Assert.Equal("RUNNING", status.Status?.Value);
        Assert.Equal(2, status.Step?.StepNumber);
        Assert.Equal(11, status.TotalSteps);
        Assert.Null(status.RestoreEndTime);
        Assert.Equal(["suspend"], NsxMapping.ActionsOf(status.Endpoints));
        var calls = sim.Target("nsx", "m1").CallLog.ToList();
        Assert.Equal(auth == "session" ? 1 : 0, calls.Count(c => c.Contains("/api/session/create", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Session_is_reused_and_renewed_once_when_the_manager_forgets_it()
    {
        sim.AddNsx("m1", NsxScenario.RunsToSuccess);
        var target = Target("m1");

        await Api(target).GetStatusAsync(default);
        await Api(target).GetStatusAsync(default);
        sim.Target("nsx", "m1").Sessions.ExpireAll();
        var status = await Api(target).GetStatusAsync(default);

        Assert.Equal("RUNNING", status.Status?.Value);
        Assert.Equal(2, sim.Target("nsx", "m1").CallLog.Count(c => c.Contains("/api/session/create", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("session")]
    [InlineData("basic")]
    public async Task Wrong_password_surfaces_the_managers_403(string auth)
    {
        sim.AddNsx("m1", NsxScenario.RunsToSuccess);
        var target = Target("m1", auth);
        target.Password = "wrong";

        var error = await Assert.ThrowsAsync<VendorException>(() => Api(target).GetStatusAsync(default));

        Assert.Equal(403, error.Error.HttpStatus);
        Assert.Equal("common-services", error.Error.Module);
        Assert.Contains("credentials were incorrect", error.Error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_runs_a_restore_from_a_listed_backup()
    {
        sim.AddNsx("m1", NsxScenario.IdleWithBackups);
        var target = Target("m1");

        var backups = (await Api(target).GetBackupTimestampsAsync(default)).Results!;
        var status = await Api(target).StartAsync(new(backups[1].NodeId!, backups[1].Timestamp!.Value), default);

        Assert.Equal(4, backups.Count);
        Assert.Equal("RUNNING", status.Status?.Value);
        Assert.Equal(backups[1].Timestamp, status.BackupTimestamp);
        Assert.Equal("RESTORE_INITIATED", status.Step?.Value);
    }

    [Fact]
    public async Task Suspend_then_advance_resumes_after_the_current_step()
    {
        sim.AddNsx("m1", NsxScenario.RunsToSuccess);
        var target = Target("m1");

        var suspending = await Api(target).SuspendAsync(default);
        sim.Time.Advance(NsxScenario.RunsToSuccess.StepDuration);
        var suspended = await Api(target).GetStatusAsync(default);
        var resumed = await Api(target).AdvanceAsync(new([]), default);

        Assert.Equal("SUSPENDING", suspending.Status?.Value);
        Assert.Equal("SUSPENDED_BY_USER", suspended.Status?.Value);
        Assert.Equal(3, suspended.Step?.StepNumber);
        Assert.Equal(["advance", "cancel"], NsxMapping.ActionsOf(suspended.Endpoints));
        Assert.Equal("RUNNING", resumed.Status?.Value);
    }

    [Fact]
    public async Task Advance_answers_the_pending_instruction_with_resources_read_across_pages()
    {
        sim.AddNsx("m1", NsxScenario.SuspendsForUserAction with { ResourcePageSize = 2 });
        var target = Target("m1");

        var status = await Api(target).GetStatusAsync(default);
        var instruction = Assert.Single(status.Instructions!);
        var resources = await Api(target).GetAllInstructionResourcesAsync(instruction.Id!, default);
        var answer = new NsxAdvanceClusterRestoreRequest([new(instruction.Id!, resources
            .Select(r => new NsxSelectableResourceReference(r.GetProperty("id").GetString()!, "TransportNode", true)).ToList())]);
        var advanced = await Api(target).AdvanceAsync(answer, default);

        Assert.Equal("SUSPENDED_FOR_USER_ACTION", status.Status?.Value);
        Assert.Equal(["display_name", "id", "resource_type", "ip_address"], instruction.Fields);
        Assert.Equal(3, resources.Count);
        Assert.Equal(2, sim.Target("nsx", "m1").CallLog.Count(c => c.Contains("instruction-resources", StringComparison.Ordinal)));
        Assert.Equal("RUNNING", advanced.Status?.Value);
        Assert.Empty(advanced.Instructions!);
    }

    [Fact]
    public async Task Advance_with_an_unknown_instruction_gets_the_managers_400_body()
    {
        sim.AddNsx("m1", NsxScenario.SuspendsForUserAction);

        var error = await Assert.ThrowsAsync<VendorException>(() =>
            Api(Target("m1")).AdvanceAsync(new([new("no-such-instruction", [])]), default));

        Assert.Equal(400, error.Error.HttpStatus);
        Assert.Equal("22015", error.Error.Code);
        Assert.Contains("no-such-instruction", error.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancel_while_running_gets_the_managers_409_body()
    {
        sim.AddNsx("m1", NsxScenario.RunsToSuccess);

        var error = await Assert.ThrowsAsync<VendorException>(() => Api(Target("m1")).CancelAsync(default));

        Assert.True(error.IsConflict);
        Assert.Equal("22013", error.Error.Code);
        Assert.Equal("cluster-restore", error.Error.Module);
        Assert.Contains("Current state: RUNNING", error.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancel_of_a_suspended_restore_aborts_it()
    {
        sim.AddNsx("m1", NsxScenario.SuspendsForUserAction);

        var status = await Api(Target("m1")).CancelAsync(default);

        Assert.Equal("ABORTED", status.Status?.Value);
        Assert.NotNull(status.RestoreEndTime);
        Assert.Empty(status.Endpoints!);
    }

    [Fact]
    public async Task Retry_reruns_a_failed_step_and_the_restore_goes_on()
    {
        var scenario = NsxScenario.FailsThenSucceedsOnRetry;
        sim.AddNsx("m1", scenario);
        var target = Target("m1");
        sim.Time.Advance(scenario.StepDuration * 2);

        var failed = await Api(target).GetStatusAsync(default);
        var retried = await Api(target).RetryAsync(default);
        sim.Time.Advance(scenario.StepDuration);
        var after = await Api(target).GetStatusAsync(default);

        Assert.Equal("FAILED", failed.Status?.Value);
        Assert.Equal(["retry", "retry_with_updated_config", "cancel"], NsxMapping.ActionsOf(failed.Endpoints));
        Assert.Equal("RUNNING", retried.Status?.Value);
        Assert.Equal(6, after.Step?.StepNumber);
    }

    [Fact]
    public async Task Retry_with_updated_config_helps_only_after_the_passphrase_is_fixed()
    {
        var scenario = NsxScenario.WrongPassphrase;
        var machine = sim.AddNsx("m1", scenario);
        var target = Target("m1");
        sim.Time.Advance(scenario.StepDuration);

        await Api(target).RetryWithUpdatedConfigAsync(default);
        sim.Time.Advance(scenario.StepDuration);
        var stillFailing = await Api(target).GetStatusAsync(default);
        machine.UpdateConfig();
        await Api(target).RetryWithUpdatedConfigAsync(default);
        sim.Time.Advance(scenario.StepDuration);
        var after = await Api(target).GetStatusAsync(default);

        Assert.Equal("FAILED", stillFailing.Status?.Value);
        Assert.Contains("passphrase", stillFailing.Step?.Status?.Description, StringComparison.Ordinal);
        Assert.Equal("RUNNING", after.Status?.Value);
        Assert.Equal(3, after.Step?.StepNumber);
    }

    [Fact]
    public async Task Manager_restart_answers_503_for_a_while_then_status_continues()
    {
        var scenario = NsxScenario.RunsToSuccess with { StartAtStep = 6 };
        sim.AddNsx("m1", scenario);
        var target = Target("m1");
        sim.Time.Advance(scenario.StepDuration);

        var error = await Assert.ThrowsAsync<VendorException>(() => Api(target).GetStatusAsync(default));
        sim.Time.Advance(scenario.RestartWindow);
        var status = await Api(target).GetStatusAsync(default);

        Assert.Equal(503, error.Error.HttpStatus);
        Assert.Equal("101", error.Error.Code);
        Assert.Equal("MANAGER_RESTARTING", status.Step?.Value);
    }

    [Fact]
    public async Task Parsing_tolerates_numbers_as_strings_unknown_fields_and_null_end_time()
    {
        var target = sim.Fleet.AddNsx("m1", NsxScenario.RunsToSuccess);
        target.Quirks = new WireQuirks(NumbersAsStrings: true, UnknownFields: true);

        var status = await Api(Target("m1")).GetStatusAsync(default);
        var backups = (await Api(Target("m1")).GetBackupTimestampsAsync(default)).Results!;

        Assert.Equal(2, status.Step?.StepNumber);
        Assert.Equal(11, status.TotalSteps);
        Assert.NotNull(status.RestoreStartTime);
        Assert.Null(status.RestoreEndTime);
        Assert.All(backups, b => Assert.NotNull(b.Timestamp));
    }

    [Theory]
    [InlineData(SimFaultKind.MalformedJson, "malformed JSON")]
    [InlineData(SimFaultKind.TruncatedBody, "NSX")]
    public async Task A_broken_body_is_a_clear_protocol_error(SimFaultKind fault, string expected)
    {
        sim.AddNsx("m1", NsxScenario.RunsToSuccess);
        await sim.SetFaultAsync("nsx", "m1", fault);

        var error = await Assert.ThrowsAsync<VendorProtocolException>(() => Api(Target("m1", "basic")).GetStatusAsync(default));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_html_error_page_is_summarised_by_its_title()
    {
        sim.AddNsx("m1", NsxScenario.RunsToSuccess);
        await sim.SetFaultAsync("nsx", "m1", SimFaultKind.HtmlErrorPage);

        var error = await Assert.ThrowsAsync<VendorException>(() => Api(Target("m1", "basic")).GetStatusAsync(default));

        Assert.Equal(502, error.Error.HttpStatus);
        Assert.Equal("502 Bad Gateway", error.Error.Message);
    }

    private TargetOptions Target(string name, string auth = "session") => sim.TargetOptions("nsx", name, auth: auth);

    private INsxApi Api(TargetOptions target) => clients.Nsx(target);
}
