using System.Text.Json;
using BackupRestore.Simulator;
using BackupRestore.Simulator.Nsx;
using Microsoft.Extensions.Time.Testing;

namespace BackupRestore.Dashboard.Tests.Simulator;

/// <summary>The simulated NSX restore machine itself: deterministic, time-driven, gated like the real one.</summary>
public sealed class NsxSimulatorTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_same_seed_and_clock_give_the_same_restore_byte_for_byte()
    {
        static string Run(int seed)
        {
            var time = new FakeTimeProvider(Start);
            var fleet = new SimFleet(time, seed, new SimCredentials("admin", "x"));
            var machine = fleet.AddNsx("m", NsxScenario.SuspendsForUserAction).MachineAs<NsxMachine>();
            var statuses = new List<NsxRestoreStatusWire> { machine.Status() };
            machine.Advance(new NsxAdvanceRequest([new NsxAdvanceInput(machine.Status().Instructions[0].Id, [])]));
            for (var i = 0; i < 5; i++)
            {
                time.Advance(NsxScenario.SuspendsForUserAction.StepDuration);
                statuses.Add(machine.Status());
            }
            return JsonSerializer.Serialize(statuses);
        }

        Assert.Equal(Run(7), Run(7));
        Assert.NotEqual(Run(7), Run(8));
    }

    [Fact]
    public void Steps_end_on_their_own_schedule_whoever_polls_and_how_often()
    {
        var time = new FakeTimeProvider(Start);
        var machine = new NsxMachine(NsxScenario.RunsToSuccess with { RestartAtStep = null }, time, new SimRandom(1));

        time.Advance(TimeSpan.FromSeconds(6 * 9) + TimeSpan.FromSeconds(1));
        var late = machine.Status();
        time.Advance(TimeSpan.FromSeconds(6));

        Assert.Equal(11, late.Step?.StepNumber);
        Assert.Equal("SUCCESS", machine.Status().Status.Value);
        Assert.Equal(Start.AddSeconds(6 * 10).ToUnixTimeMilliseconds(), machine.Status().RestoreEndTime);
    }

    [Fact]
    public void Finish_ends_a_running_restore_now_and_restart_begins_a_new_one_at_step_one()
    {
        var time = new FakeTimeProvider(Start);
        var machine = new NsxMachine(NsxScenario.RunsToSuccess with { RestartAtStep = null }, time, new SimRandom(1));
        var first = machine.Status();

        time.Advance(TimeSpan.FromSeconds(2));
        machine.FinishRun();
        var finished = machine.Status();
        time.Advance(TimeSpan.FromSeconds(3));
        machine.RestartRun();
        var restarted = machine.Status();

        Assert.Equal(("RUNNING", 2), (first.Status.Value, first.Step?.StepNumber));
        Assert.Equal("SUCCESS", finished.Status.Value);
        Assert.Equal(Start.AddSeconds(2).ToUnixTimeMilliseconds(), finished.RestoreEndTime);
        Assert.Equal(("RUNNING", 1), (restarted.Status.Value, restarted.Step?.StepNumber));
        Assert.Equal(Start.AddSeconds(5).ToUnixTimeMilliseconds(), restarted.RestoreStartTime);
        Assert.Null(restarted.RestoreEndTime);
        Assert.NotEqual(first.Id, restarted.Id);
    }

    [Fact]
    public void Suspend_lets_the_running_step_finish_first()
    {
        var time = new FakeTimeProvider(Start);
        var machine = new NsxMachine(NsxScenario.RunsToSuccess with { RestartAtStep = null }, time, new SimRandom(1));

        var suspending = machine.Suspend().Status!;
        time.Advance(TimeSpan.FromSeconds(5));
        var stillSuspending = machine.Status();
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal("SUSPENDING", suspending.Status.Value);
        Assert.Empty(suspending.Endpoints);
        Assert.Equal("SUSPENDING", stillSuspending.Status.Value);
        Assert.Equal("SUSPENDED_BY_USER", machine.Status().Status.Value);
        Assert.Equal(3, machine.Status().Step?.StepNumber);
    }

    [Fact]
    public void Advance_must_answer_every_pending_instruction_with_its_own_resources()
    {
        var machine = new NsxMachine(NsxScenario.SuspendsForUserAction, new FakeTimeProvider(Start), new SimRandom(1));
        var instruction = machine.Status().Instructions.Single();

        var unanswered = machine.Advance(new NsxAdvanceRequest([]));
        var foreign = machine.Advance(new NsxAdvanceRequest([new NsxAdvanceInput(instruction.Id, [new NsxSelectableResource("not-listed", "TransportNode", true)])]));
        var noSelected = machine.Advance(new NsxAdvanceRequest([new NsxAdvanceInput(instruction.Id, [new NsxSelectableResource(null, null, null)])]));

        Assert.Equal(400, unanswered.HttpStatus);
        Assert.Contains("must be answered", unanswered.Error!.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(400, foreign.HttpStatus);
        Assert.Equal(400, noSelected.HttpStatus);
        Assert.Equal("SUSPENDED_FOR_USER_ACTION", machine.Status().Status.Value);
    }

    [Theory]
    [InlineData("start")]
    [InlineData("advance")]
    [InlineData("retry")]
    [InlineData("cancel")]
    public void Actions_the_state_does_not_allow_are_409_with_an_nsx_error_body(string action)
    {
        var machine = new NsxMachine(NsxScenario.RunsToSuccess, new FakeTimeProvider(Start), new SimRandom(1));

        var outcome = action switch
        {
            "start" => machine.Start(new NsxInitiateRequest("n", 1, null)),
            "advance" => machine.Advance(null),
            "retry" => machine.Retry(withUpdatedConfig: false),
            _ => machine.Cancel(),
        };

        Assert.Equal(409, outcome.HttpStatus);
        Assert.Equal("CONFLICT", outcome.Error!.HttpStatus);
        Assert.Contains("Current state: RUNNING", outcome.Error.ErrorMessage, StringComparison.Ordinal);
    }
}
