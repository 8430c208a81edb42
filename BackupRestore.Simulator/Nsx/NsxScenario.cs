namespace BackupRestore.Simulator.Nsx;

/// <summary>Why a step fails: a transient fault is cured by <c>retry</c>; a wrong passphrase only by fixing the config.</summary>
public enum NsxFailureKind
{
    Transient,
    Passphrase,
}

/// <summary>
/// A scripted cluster restore. Step numbers are 1-based (the "legacy 11-step" profile of vendor-apis.md §1.3).
/// </summary>
public sealed record NsxScenario
{
    public required string Name { get; init; }

    /// <summary>How long each step runs.</summary>
    public TimeSpan StepDuration { get; init; } = TimeSpan.FromSeconds(6);

    /// <summary>0 leaves the restore idle (INITIAL); N means it was started earlier and is now at step N.</summary>
    public int StartAtStep { get; init; }

    /// <summary>How long the starting step has already run when the machine is created (a demo can open on a failure).</summary>
    public TimeSpan StartStepElapsed { get; init; }

    /// <summary>The step that stops and waits for the operator (SUSPENDED_FOR_USER_ACTION with instructions).</summary>
    public int? SuspendAtStep { get; init; }

    public int? FailAtStep { get; init; }

    public NsxFailureKind FailureKind { get; init; } = NsxFailureKind.Transient;

    /// <summary>The step during which the manager restarts and answers 503.</summary>
    public int? RestartAtStep { get; init; } = NsxSteps.ManagerRestartingStep;

    public TimeSpan RestartWindow { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>Page size of instruction-resources when the caller sends none (NSX's default is 1000).</summary>
    public int ResourcePageSize { get; init; } = 1000;

    /// <summary>Demo only: a finished restore goes back to INITIAL after this long.</summary>
    public TimeSpan? ResetAfter { get; init; }

    /// <summary>Demo only: an idle restore is started by "someone else" after this long.</summary>
    public TimeSpan? AutoStartAfter { get; init; }

    public static NsxScenario RunsToSuccess { get; } = new() { Name = "runs-to-success", StartAtStep = 2 };

    public static NsxScenario SuspendsForUserAction { get; } = new()
    {
        Name = "suspends-for-user-action",
        StartAtStep = NsxSteps.ReconcileFabricNodesStep,
        SuspendAtStep = NsxSteps.ReconcileFabricNodesStep,
        RestartAtStep = null,
    };

    public static NsxScenario FailsThenSucceedsOnRetry { get; } = new()
    {
        Name = "fails-then-succeeds-on-retry",
        StartAtStep = 4,
        FailAtStep = 5,
    };

    public static NsxScenario WrongPassphrase { get; } = new()
    {
        Name = "wrong-passphrase",
        StartAtStep = 2,
        FailAtStep = 2,
        FailureKind = NsxFailureKind.Passphrase,
    };

    public static NsxScenario IdleWithBackups { get; } = new() { Name = "idle-with-backups" };

    public static IReadOnlyList<NsxScenario> Presets { get; } =
        [RunsToSuccess, SuspendsForUserAction, FailsThenSucceedsOnRetry, WrongPassphrase, IdleWithBackups];

    public static NsxScenario? Find(string name) =>
        Presets.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
}

/// <summary>
/// The step profile. NSX publishes only a few step values (RESTORE_INITIATED, SFTP_COPY_START, MANAGER_RESTARTING);
/// the others are invented, plausible names (marked [I] in docs/decisions.md).
/// </summary>
public static class NsxSteps
{
    public const int ManagerRestartingStep = 7;
    public const int ReconcileFabricNodesStep = 8;

    public static IReadOnlyList<(string Value, string Description)> All { get; } =
    [
        ("RESTORE_INITIATED", "Starting cluster restore"),
        ("VALIDATE_BACKUP_FILES", "Validating backup files"),
        ("PREPARE_NODES", "Preparing manager nodes for restore"),
        ("SFTP_COPY_START", "Starting sftp copy"),
        ("RESTORE_DATASTORE", "Restoring the corfu datastore"),
        ("RESTORE_CLUSTER_CONFIG", "Restoring cluster configuration"),
        ("MANAGER_RESTARTING", "Restarting manager"),
        ("RECONCILE_FABRIC_NODES", "Reconciling fabric nodes"),
        ("RECONCILE_EDGE_NODES", "Reconciling edge nodes"),
        ("RESTORE_POLICY", "Restoring policy configuration"),
        ("FINALIZE_RESTORE", "Finalizing restore"),
    ];

    public static int Total => All.Count;
}
