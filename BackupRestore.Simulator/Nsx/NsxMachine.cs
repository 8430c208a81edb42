namespace BackupRestore.Simulator.Nsx;

/// <summary>
/// One NSX Manager cluster's restore (vendor-apis.md §1.4). The state at any instant is a pure function of the
/// scenario, the actions taken and the time: steps end at <c>stepStartedAt + StepDuration</c>, never "on the next
/// poll", so a run is the same whoever polls and how often.
/// </summary>
public sealed partial class NsxMachine : BackupRestore.Simulator.Control.IStepControl, BackupRestore.Simulator.Control.IRunControl
{
    private readonly Lock gate = new();
    private readonly TimeProvider time;
    private readonly SimRandom random;
    private readonly List<NsxBackupInfoWire> backups;
    private readonly NsxInstructionSet instructionSet;

    private string status = NsxStatus.Initial;
    private int step;
    private string stepStatus = NsxStatus.Initial;
    private DateTimeOffset stepStartedAt;
    private DateTimeOffset markedAt;
    private string? restoreId;
    private long? backupTimestamp;
    private DateTimeOffset? restoreStart;
    private DateTimeOffset? restoreEnd;
    private DateTimeOffset? unavailableUntil;
    private bool suspendRequested;
    private bool userActionDone;
    private bool failureConsumed;
    private bool passphraseFixed;
    private string? failureMessage;

    public NsxMachine(NsxScenario scenario, TimeProvider time, SimRandom random)
    {
        Scenario = scenario;
        this.time = time;
        this.random = random;
        var now = time.GetUtcNow();
        backups = MakeBackups(now, random);
        instructionSet = new NsxInstructionSet(random);
        markedAt = now;
        if (scenario.StartAtStep > 0)
        {
            var stepStart = now - scenario.StartStepElapsed;
            BeginRestore(stepStart - (scenario.StepDuration * (scenario.StartAtStep - 1)), backups[0].Timestamp);
            step = scenario.StartAtStep;
            EnterStep(stepStart, allowRestartWindow: false);
        }
    }

    public NsxScenario Scenario { get; }

    /// <summary>The last accepted advance request, so that a test can see what the operator's answer was.</summary>
    public NsxAdvanceRequest? LastAdvance { get; private set; }

    public IReadOnlyList<NsxBackupInfoWire> Backups => backups;

    /// <summary>While the manager restarts, every call answers 503 with a Retry-After.</summary>
    public TimeSpan? UnavailableFor()
    {
        lock (gate)
        {
            var now = Catchup();
            return unavailableUntil is { } until && now < until ? until - now : null;
        }
    }

    public NsxRestoreStatusWire Status()
    {
        lock (gate)
        {
            Catchup();
            return ToWire();
        }
    }

    public NsxOutcome Start(NsxInitiateRequest? request)
    {
        lock (gate)
        {
            var now = Catchup();
            if (request?.NodeId is not { Length: > 0 } || request.Timestamp is not { } ts)
            {
                return NsxOutcome.BadRequest("Fields node_id and timestamp are required.", 255);
            }
            if (status != NsxStatus.Initial)
            {
                return NsxOutcome.Conflict($"Restore can be started only when restore status is NOT_STARTED. Current state: {status}");
            }
            if (!backups.Any(b => b.Timestamp == ts && b.NodeId == request.NodeId))
            {
                return NsxOutcome.BadRequest($"No backup found with timestamp {ts} for node {request.NodeId}.", 22016);
            }
            BeginRestore(now, ts);
            return NsxOutcome.Ok(ToWire());
        }
    }

    public NsxOutcome Suspend()
    {
        lock (gate)
        {
            Catchup();
            if (status != NsxStatus.Running)
            {
                return NsxOutcome.Conflict($"Suspend is only allowed when restore is in RUNNING state. Current state: {status}");
            }
            status = NsxStatus.Suspending;
            suspendRequested = true;
            return NsxOutcome.Ok(ToWire());
        }
    }

    public NsxOutcome Advance(NsxAdvanceRequest? request)
    {
        lock (gate)
        {
            var now = Catchup();
            if (!NsxStatus.IsSuspended(status))
            {
                return NsxOutcome.Conflict($"Advance is only allowed when restore is in SUSPENDED state. Current state: {status}");
            }
            var pending = status == NsxStatus.SuspendedForUserAction ? instructionSet.Pending : [];
            if (instructionSet.Validate(request, pending) is { } error)
            {
                return NsxOutcome.BadRequest(error, 22015);
            }
            if (status == NsxStatus.SuspendedForUserAction)
            {
                userActionDone = true;
            }
            LastAdvance = request;
            Run(now);
            return NsxOutcome.Ok(ToWire());
        }
    }

    public NsxOutcome Retry(bool withUpdatedConfig)
    {
        lock (gate)
        {
            var now = Catchup();
            if (status != NsxStatus.Failed)
            {
                var name = withUpdatedConfig ? "Retry with updated config" : "Retry";
                return NsxOutcome.Conflict($"{name} is only allowed when restore is in FAILED state. Current state: {status}");
            }
            // A wrong passphrase is re-read only by retry_with_updated_config, and only helps once it was fixed.
            if (Scenario.FailureKind == NsxFailureKind.Passphrase && withUpdatedConfig && passphraseFixed)
            {
                failureConsumed = true;
            }
            failureMessage = null;
            Run(now);
            return NsxOutcome.Ok(ToWire());
        }
    }

    public NsxOutcome Cancel()
    {
        lock (gate)
        {
            var now = Catchup();
            if (!NsxStatus.IsSuspended(status) && status != NsxStatus.Failed)
            {
                return NsxOutcome.Conflict($"Cancel is only allowed when restore is in SUSPENDED state. Current state: {status}");
            }
            status = NsxStatus.Aborted;
            restoreEnd = now;
            markedAt = now;
            return NsxOutcome.Ok(ToWire());
        }
    }

    public NsxListResult<NsxActionableResourceWire>? InstructionResources(string instructionId, int pageSize, int offset)
    {
        lock (gate)
        {
            Catchup();
            var instruction = status == NsxStatus.SuspendedForUserAction
                ? instructionSet.Pending.FirstOrDefault(i => i.Id == instructionId)
                : null;
            if (instruction is null)
            {
                return null;
            }
            var all = instructionSet.ResourcesOf(instruction.Id);
            var page = all.Skip(offset).Take(pageSize).ToList();
            var next = offset + page.Count < all.Count ? (offset + page.Count).ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
            return new NsxListResult<NsxActionableResourceWire>(page, all.Count, next, "display_name", true);
        }
    }

    /// <summary>PUT /cluster/restore/config: the operator fixed the passphrase.</summary>
    public void UpdateConfig()
    {
        lock (gate)
        {
            passphraseFixed = true;
        }
    }
}
