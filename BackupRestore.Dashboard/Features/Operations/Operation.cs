using System.Text.Json.Serialization;

namespace BackupRestore.Dashboard.Features.Operations;

/// <summary>Where an operation stands, in the dashboard's words; <see cref="Operation.VendorStatus"/> keeps the backend's.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<OperationState>))]
public enum OperationState
{
    [JsonStringEnumMemberName("running")] Running,
    [JsonStringEnumMemberName("suspended")] Suspended,
    [JsonStringEnumMemberName("succeeded")] Succeeded,
    [JsonStringEnumMemberName("failed")] Failed,
    [JsonStringEnumMemberName("cancelled")] Cancelled,
    [JsonStringEnumMemberName("idle")] Idle,
    [JsonStringEnumMemberName("unknown")] Unknown,
}

public sealed record OperationStep(int Number, int Total, string Name, string? Description, string? Status, string? StatusDescription);

/// <summary>What the backend asks a human to do, and the resources it concerns (one row per resource, keyed by field).</summary>
public sealed record Instruction(
    string Id,
    string Name,
    IReadOnlyList<string> Actions,
    IReadOnlyList<string> Fields,
    IReadOnlyList<InstructionResource> Resources);

public sealed record InstructionResource(string Id, string? Type, IReadOnlyDictionary<string, string?> Values);

/// <summary>A labelled instant on a card ("Backup taken", "Started", "Ended").</summary>
public sealed record LabeledTime(string Label, DateTimeOffset? At);

/// <summary>A labelled value on a card ("Instance", "Size", "Duration").</summary>
public sealed record LabeledValue(string Label, string Value);

/// <summary>
/// One backup or restore operation as last seen by a poller. Immutable: a change is a new snapshot.
/// <see cref="UpdatedAt"/> is when the dashboard first saw this content; it is not part of the content.
/// </summary>
public sealed record Operation
{
    public required string Id { get; init; }

    public required string Target { get; init; }

    public required string System { get; init; }

    public required string Kind { get; init; }

    /// <summary>What it is, in the vendor's words: a job id, a backup or record name (three restores of one vault differ here).</summary>
    public string? Subject { get; init; }

    public required OperationState State { get; init; }

    public required string VendorStatus { get; init; }

    public string? VendorStatusDescription { get; init; }

    public int? Progress { get; init; }

    public OperationStep? Step { get; init; }

    public IReadOnlyList<Instruction> Instructions { get; init; } = [];

    public IReadOnlyList<string> Actions { get; init; } = [];

    public string? Message { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public IReadOnlyList<LabeledTime> Times { get; init; } = [];

    public IReadOnlyList<LabeledValue> Facts { get; init; } = [];

    /// <summary>Why the target could not be read lately (null when its last poll succeeded).</summary>
    public string? TargetIssue { get; init; }

    /// <summary>The last state known before the dashboard restarted, not read from the target since.</summary>
    public bool NotRefreshed { get; init; }

    /// <summary>The target has not been read successfully for three poll intervals: what is shown may be out of date.</summary>
    public bool Stale { get; init; }

    /// <summary>
    /// When the operation entered its current state: from the vendor's own times where it gives them (set by the
    /// connector), otherwise when this dashboard first saw the state (<see cref="StateSinceObserved"/>).
    /// </summary>
    public DateTimeOffset? StateSince { get; init; }

    /// <summary>True when <see cref="StateSince"/> is when the dashboard first saw the state, not a vendor time: "at least".</summary>
    public bool StateSinceObserved { get; init; }

    /// <summary>The store's version of this snapshot (increasing across the store; set by the store).</summary>
    public long Version { get; init; }

    /// <summary>Panels of this operation that an auxiliary call could not fill (the rest was read); empty when complete.</summary>
    public IReadOnlyList<Vendors.DataGap> Gaps { get; init; } = [];

    public bool IsFinished => State is OperationState.Succeeded or OperationState.Failed or OperationState.Cancelled;

    /// <summary>Vendor-specific extras a card needs (backups to start from, ...). Not part of the JSON API.</summary>
    [JsonIgnore]
    public object? Details { get; init; }

    public bool Offers(string action) => Actions.Contains(action, StringComparer.Ordinal);
}
