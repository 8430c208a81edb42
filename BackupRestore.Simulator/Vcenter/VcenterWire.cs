namespace BackupRestore.Simulator.Vcenter;

// vSphere appliance recovery shapes (vendor-apis.md §2.2), snake_case.

public sealed record VcMessage(string Id, string DefaultMessage, IReadOnlyList<string> Args);

public sealed record VcRestoreJobStatus(string State, IReadOnlyList<VcMessage> Messages, long Progress);

public sealed record VcReturnResult(string Status, IReadOnlyList<VcMessage> Messages);

public sealed record VcMetadata(
    string Timestamp,
    IReadOnlyList<string> Parts,
    string Version,
    string Boxname,
    string Comment,
    bool Applicable,
    IReadOnlyList<VcMessage> Messages);

public sealed record VcRestoreRequest(
    string? LocationType,
    string? Location,
    string? LocationUser,
    string? LocationPassword,
    string? BackupPassword,
    string? SsoAdminUserName,
    string? SsoAdminUserPassword,
    bool? IgnoreWarnings);

public sealed record VcError(string ErrorType, IReadOnlyList<VcMessage> Messages);

/// <summary>A vCenter call's answer: a value, or a Vapi error with its HTTP status.</summary>
public sealed record VcOutcome(object? Value, int HttpStatus, VcError? Error)
{
    public static VcOutcome Ok(object value, int status = 200) => new(value, status, null);

    public static VcOutcome Fail(int status, string type, string id, string message) =>
        new(null, status, new VcError(type, [new VcMessage(id, message, [])]));
}

/// <summary>How a simulated appliance behaves.</summary>
public sealed record VcenterScenario
{
    public required string Name { get; init; }

    public TimeSpan Tick { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Start with a restore already running at this progress (null: no job yet, state NONE).</summary>
    public int? RunningAt { get; init; }

    /// <summary>The backup's encryption password; a create with another one fails at 10 %.</summary>
    public string BackupPassword { get; init; } = "backup-secret";

    /// <summary>Validate reports "not applicable" (version mismatch); a create without ignore_warnings then fails.</summary>
    public bool VersionMismatch { get; init; }

    /// <summary>Only the older /rest API exists; /api answers 404.</summary>
    public bool RestOnly { get; init; }

    /// <summary>Start already failed (a demo of the failure card).</summary>
    public bool StartFailed { get; init; }

    /// <summary>Demo only: a finished job starts again after this long, so the demo keeps moving.</summary>
    public TimeSpan? LoopAfter { get; init; }

    public static VcenterScenario Idle { get; } = new() { Name = "idle" };

    public static VcenterScenario Running { get; } = new() { Name = "running", RunningAt = 20 };

    public static VcenterScenario Failed { get; } = new() { Name = "failed", StartFailed = true };

    public static VcenterScenario VersionMismatchIdle { get; } = new() { Name = "version-mismatch", VersionMismatch = true };

    public static VcenterScenario LegacyRest { get; } = new() { Name = "legacy-rest", RestOnly = true, RunningAt = 40 };

    public static IReadOnlyList<VcenterScenario> Presets { get; } = [Idle, Running, Failed, VersionMismatchIdle, LegacyRest];
}
