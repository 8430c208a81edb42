namespace BackupRestore.Simulator.Nsx;

/// <summary>How the restore moves with time: steps end on schedule, suspend, fail, finish, loop (demo).</summary>
public sealed partial class NsxMachine
{
    private DateTimeOffset Catchup()
    {
        var now = time.GetUtcNow();
        while (true)
        {
            if (status == NsxStatus.Initial && Scenario.AutoStartAfter is { } autoStart && now >= markedAt + autoStart)
            {
                BeginRestore(markedAt + autoStart, backups[0].Timestamp);
            }
            else if (status is NsxStatus.Success or NsxStatus.Aborted && Scenario.ResetAfter is { } reset && now >= markedAt + reset)
            {
                ResetToInitial(markedAt + reset);
            }
            else if (status is NsxStatus.Running or NsxStatus.Suspending && now >= stepStartedAt + Scenario.StepDuration)
            {
                CompleteStep(stepStartedAt + Scenario.StepDuration);
            }
            else
            {
                return now;
            }
        }
    }

    private void BeginRestore(DateTimeOffset at, long timestamp)
    {
        restoreId = random.NextGuid().ToString();
        backupTimestamp = timestamp;
        restoreStart = at;
        restoreEnd = null;
        userActionDone = failureConsumed = suspendRequested = false;
        failureMessage = null;
        step = 1;
        EnterStep(at, allowRestartWindow: true);
    }

    /// <summary>Control hook for tests and demos: the running step ends now.</summary>
    public void CompleteCurrentStep() => Steer(now =>
    {
        if (IsRunning)
        {
            CompleteStep(now);
            unavailableUntil = null;
        }
    });

    /// <summary>Control hook for the benchmark: a running restore completes every step left now (SUCCESS, unless a scripted stop comes first).</summary>
    public void FinishRun() => Steer(now =>
    {
        while (IsRunning)
        {
            CompleteStep(now);
        }
        unavailableUntil = null;
    });

    /// <summary>Control hook for the benchmark: a new restore of the latest backup begins now at step 1, whatever ran before.</summary>
    public void RestartRun() => Steer(now =>
    {
        BeginRestore(now, backups[0].Timestamp);
        unavailableUntil = null;
    });

    private bool IsRunning => status is NsxStatus.Running or NsxStatus.Suspending;

    /// <summary>A control hook's change, made on the machine brought up to now.</summary>
    private void Steer(Action<DateTimeOffset> change)
    {
        lock (gate)
        {
            change(Catchup());
        }
    }

    private void ResetToInitial(DateTimeOffset at)
    {
        status = stepStatus = NsxStatus.Initial;
        step = 0;
        restoreId = null;
        backupTimestamp = null;
        restoreStart = restoreEnd = null;
        markedAt = at;
    }

    private void CompleteStep(DateTimeOffset at)
    {
        var failsHere = Scenario.FailAtStep == step && !failureConsumed;
        if (failsHere)
        {
            suspendRequested = false;
            status = stepStatus = NsxStatus.Failed;
            failureMessage = FailureText();
            if (Scenario.FailureKind == NsxFailureKind.Transient)
            {
                failureConsumed = true;
            }
            return;
        }
        if (step >= NsxSteps.Total)
        {
            status = stepStatus = NsxStatus.Success;
            restoreEnd = at;
            markedAt = at;
            return;
        }
        step++;
        EnterStep(at, allowRestartWindow: true);
    }

    private void EnterStep(DateTimeOffset at, bool allowRestartWindow)
    {
        stepStartedAt = at;
        if (allowRestartWindow && Scenario.RestartAtStep == step)
        {
            unavailableUntil = at + Scenario.RestartWindow;
        }
        if (suspendRequested)
        {
            suspendRequested = false;
            status = stepStatus = NsxStatus.SuspendedByUser;
        }
        else if (Scenario.SuspendAtStep == step && !userActionDone)
        {
            status = stepStatus = NsxStatus.SuspendedForUserAction;
        }
        else
        {
            status = stepStatus = NsxStatus.Running;
        }
    }

    private void Run(DateTimeOffset now)
    {
        status = stepStatus = NsxStatus.Running;
        stepStartedAt = now;
    }

    private string FailureText() => Scenario.FailureKind == NsxFailureKind.Passphrase
        ? "Failed to decrypt the backup files: the passphrase does not match. Update the backup configuration passphrase and retry with updated config."
        : "Restoring the datastore failed: corfu node 10.10.10.12 did not respond within 600 seconds.";
}
