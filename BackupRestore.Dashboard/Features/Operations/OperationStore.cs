using System.Collections.Concurrent;
using System.Text.Json;

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

    /// <summary>With more operations than this on the main page, quiet ones are listed as one line each.</summary>
    public int CompactAbove { get; set; } = 60;
}

/// <summary>
/// The current operations of every target and change detection: a poll result that equals what is stored
/// (same fingerprint) changes nothing, so nothing is rendered or pushed.
/// </summary>
public sealed class OperationStore(TimeProvider time, Microsoft.Extensions.Options.IOptions<OperationsOptions> options)
{
    private readonly ConcurrentDictionary<string, OperationEntry> entries = new(StringComparer.Ordinal);
    private readonly Lock writeGate = new();
    private long version;

    public long Version => Interlocked.Read(ref version);

    public OperationEntry? Find(string id) => entries.GetValueOrDefault(id);

    /// <summary>All operations, what needs a human first.</summary>
    public IReadOnlyList<OperationEntry> Ordered() =>
        entries.Values.OrderBy(e => e.Rank, StringComparer.Ordinal).ToList();

    public IEnumerable<OperationEntry> OfTarget(string target) =>
        entries.Values.Where(e => string.Equals(e.Operation.Target, target, StringComparison.OrdinalIgnoreCase));

    /// <summary>Replaces the operations of <paramref name="target"/> with <paramref name="seen"/>; returns what changed.</summary>
    public StoreChanges Apply(string target, IReadOnlyList<Operation> seen)
    {
        lock (writeGate)
        {
            var now = time.GetUtcNow();
            var upserted = new List<OperationEntry>();
            var previous = new Dictionary<string, Operation>(StringComparer.Ordinal);
            foreach (var operation in seen)
            {
                var fingerprint = Fingerprint(operation);
                var existing = entries.GetValueOrDefault(operation.Id);
                if (existing?.Fingerprint == fingerprint)
                {
                    continue;
                }
                DateTimeOffset? finishedAt = operation.IsFinished ? existing?.FinishedAt ?? now : null;
                var sameState = existing is not null && existing.Operation.State == operation.State && existing.Operation.VendorStatus == operation.VendorStatus;
                var since = sameState ? existing!.Operation.StateSince ?? now : now;
                var entry = new OperationEntry(operation with { UpdatedAt = now, StateSince = since }, Interlocked.Increment(ref version), fingerprint, finishedAt);
                entries[operation.Id] = entry;
                upserted.Add(entry);
                if (existing is not null)
                {
                    previous[operation.Id] = existing.Operation;
                }
            }
            var keep = seen.Select(o => o.Id).ToHashSet(StringComparer.Ordinal);
            var removed = new List<string>();
            foreach (var gone in OfTarget(target).Where(e => !keep.Contains(e.Operation.Id)).ToList())
            {
                // A finished operation the backend no longer lists stays for the retention; anything else leaves now.
                var retained = gone.FinishedAt is { } finished && now - finished < options.Value.Retention;
                if (retained && !gone.Operation.NotRefreshed)
                {
                    continue;
                }
                if (retained)
                {
                    var refreshed = gone.Operation with { NotRefreshed = false };
                    var entry = gone with { Operation = refreshed, Version = Interlocked.Increment(ref version), Fingerprint = Fingerprint(refreshed) };
                    entries[refreshed.Id] = entry;
                    upserted.Add(entry);
                    continue;
                }
                entries.TryRemove(gone.Operation.Id, out _);
                Interlocked.Increment(ref version);
                removed.Add(gone.Operation.Id);
            }
            return new StoreChanges(upserted, removed) { Previous = previous };
        }
    }

    /// <summary>At start: the last known operations, shown at once and marked as not refreshed until their target answers.</summary>
    public void Restore(IEnumerable<(Operation Operation, DateTimeOffset? FinishedAt)> known)
    {
        lock (writeGate)
        {
            foreach (var (operation, finishedAt) in known)
            {
                var restored = operation with { NotRefreshed = true, Actions = [], TargetIssue = null };
                entries.TryAdd(restored.Id, new OperationEntry(restored, Interlocked.Increment(ref version), Fingerprint(restored), finishedAt));
            }
        }
    }

    public IReadOnlyDictionary<OperationState, int> Counts() =>
        entries.Values.GroupBy(e => e.Operation.State).ToDictionary(g => g.Key, g => g.Count());

    private static string Fingerprint(Operation operation)
    {
        var content = JsonSerializer.Serialize(operation with { UpdatedAt = default }, DashboardJsonContext.Default.Operation);
        var details = operation.Details is null ? "" : JsonSerializer.Serialize(operation.Details, operation.Details.GetType(), FingerprintOptions);
        return content + "\n" + details;
    }

    private static readonly JsonSerializerOptions FingerprintOptions = new();
}

/// <summary>Ordering on the page and the wall: suspended for a human, failed, running, then the quiet ones.</summary>
public static class OperationRank
{
    public static int Priority(OperationState state) => state switch
    {
        OperationState.Suspended => 0,
        OperationState.Failed => 1,
        OperationState.Running => 2,
        OperationState.Unknown => 3,
        OperationState.Idle => 4,
        _ => 5,
    };

    public static string Of(Operation operation) =>
        $"{Priority(operation.State)}|{operation.Target.ToLowerInvariant()}|{operation.Id}";
}
