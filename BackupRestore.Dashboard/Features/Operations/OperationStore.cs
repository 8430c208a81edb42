using System.Collections.Concurrent;
using System.Text.Json;

namespace BackupRestore.Dashboard.Features.Operations;

/// <summary>A stored snapshot and its content <see cref="Version"/> (global, increasing: a newer snapshot has a larger one).</summary>
public sealed record OperationEntry(Operation Operation, long Version, string Fingerprint);

public sealed record StoreChanges(IReadOnlyList<OperationEntry> Upserted, IReadOnlyList<string> Removed)
{
    public bool IsEmpty => Upserted.Count == 0 && Removed.Count == 0;
}

/// <summary>
/// The current operations of every target and change detection: a poll result that equals what is stored
/// (same fingerprint) changes nothing, so nothing is rendered or pushed.
/// </summary>
public sealed class OperationStore(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, OperationEntry> entries = new(StringComparer.Ordinal);
    private readonly Lock writeGate = new();
    private long version;

    public long Version => Interlocked.Read(ref version);

    public OperationEntry? Find(string id) => entries.GetValueOrDefault(id);

    /// <summary>All operations, what needs a human first.</summary>
    public IReadOnlyList<OperationEntry> Ordered() =>
        entries.Values.OrderBy(e => OperationRank.Of(e.Operation), StringComparer.Ordinal).ToList();

    public IEnumerable<OperationEntry> OfTarget(string target) =>
        entries.Values.Where(e => string.Equals(e.Operation.Target, target, StringComparison.OrdinalIgnoreCase));

    /// <summary>Replaces the operations of <paramref name="target"/> with <paramref name="seen"/>; returns what changed.</summary>
    public StoreChanges Apply(string target, IReadOnlyList<Operation> seen)
    {
        lock (writeGate)
        {
            var now = time.GetUtcNow();
            var upserted = new List<OperationEntry>();
            foreach (var operation in seen)
            {
                var fingerprint = Fingerprint(operation);
                if (entries.TryGetValue(operation.Id, out var existing) && existing.Fingerprint == fingerprint)
                {
                    continue;
                }
                var entry = new OperationEntry(operation with { UpdatedAt = now }, Interlocked.Increment(ref version), fingerprint);
                entries[operation.Id] = entry;
                upserted.Add(entry);
            }
            var keep = seen.Select(o => o.Id).ToHashSet(StringComparer.Ordinal);
            var removed = OfTarget(target).Where(e => !keep.Contains(e.Operation.Id)).Select(e => e.Operation.Id).ToList();
            foreach (var id in removed)
            {
                entries.TryRemove(id, out _);
                Interlocked.Increment(ref version);
            }
            return new StoreChanges(upserted, removed);
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
