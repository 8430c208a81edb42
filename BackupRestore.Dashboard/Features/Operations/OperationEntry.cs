namespace BackupRestore.Dashboard.Features.Operations;

/// <summary>
/// A stored snapshot and its content <see cref="Version"/> (global, increasing: a newer snapshot has a larger one).
/// <see cref="FinishedAt"/>: when it was first seen finished (it stays listed for the retention after that).
/// </summary>
public sealed record OperationEntry(Operation Operation, long Version, string Fingerprint, DateTimeOffset? FinishedAt = null)
{
    /// <summary>The sort key, computed once per snapshot (a page sorts hundreds of these per request).</summary>
    public string Rank { get; } = OperationRank.Of(Operation);
}

/// <summary>What one poll changed; <see cref="Previous"/> holds each upserted operation's former snapshot (none: new).</summary>
public sealed record StoreChanges(IReadOnlyList<OperationEntry> Upserted, IReadOnlyList<string> Removed)
{
    public IReadOnlyDictionary<string, Operation> Previous { get; init; } = new Dictionary<string, Operation>();

    /// <summary>The target whose poll this is (null for a restore at start, or a copy from another instance).</summary>
    public string? Target { get; init; }

    public bool IsEmpty => Upserted.Count == 0 && Removed.Count == 0;
}

/// <summary>Something that wants every change the pollers apply (history, notifications); called on the poller's path, so it must be quick.</summary>
public interface IChangeObserver
{
    void Observe(StoreChanges changes);
}

/// <summary><c>Operations:Retention</c>: how long a finished operation stays listed after the backend stops listing it.</summary>
public sealed class OperationsOptions
{
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);
}

/// <summary>Ordering on the page and the wall: what needs a human (suspended, failed, unknown), running, then the quiet ones.</summary>
public static class OperationRank
{
    public static int Priority(OperationState state) => state switch
    {
        OperationState.Suspended => 0,
        OperationState.Failed => 1,
        OperationState.Unknown => 2,
        OperationState.Running => 3,
        OperationState.Idle => 4,
        _ => 5,
    };

    /// <summary>Suspended (for input or by a user), failed, or unknown: shown first and expanded.</summary>
    public static bool NeedsHuman(OperationState state) => Priority(state) <= 2;

    public static string Of(Operation operation) =>
        $"{Priority(operation.State)}|{operation.Target.ToLowerInvariant()}|{operation.Id}";
}
