using System.Collections.Concurrent;
using System.Text.Json;

namespace BackupRestore.Dashboard.Features.Operations;

/// <summary>
/// The current operations of every target, change detection, and subscriptions. A poll result that equals what is
/// stored (same fingerprint) changes nothing, so nothing is rendered or pushed. Each subscriber gets the snapshot
/// and then every change through its own channel, so a slow reader never holds up a poller.
/// </summary>
public sealed class OperationStore(TimeProvider time, Microsoft.Extensions.Options.IOptions<OperationsOptions> options)
{
    private readonly ConcurrentDictionary<string, OperationEntry> entries = new(StringComparer.Ordinal);
    // Every poll asks for its target's operations: scanning all of them per poll cost more than the poll itself.
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, OperationEntry>> byTarget = new(StringComparer.OrdinalIgnoreCase);
    private readonly OperationSubscribers subscribers = new();
    private readonly Lock writeGate = new();
    private long version;
    private long published;

    /// <summary>
    /// The version of the latest change that is in place: what the store lists now includes every change up to it
    /// (a snapshot is stamped before it is stored, so the counter alone would run ahead of the entries).
    /// </summary>
    public long Version => Volatile.Read(ref published);

    /// <summary>Open subscriptions (whole store and per operation), for diagnostics.</summary>
    public int SubscriberCount => subscribers.Count;

    public OperationEntry? Find(string id) => entries.GetValueOrDefault(id);

    /// <summary>Every operation now (a copy of the list; the entries are the store's own).</summary>
    public ICollection<OperationEntry> Current => entries.Values;

    /// <summary>All operations, what needs a human first.</summary>
    public IReadOnlyList<OperationEntry> Ordered() =>
        entries.Values.OrderBy(e => e.Rank, StringComparer.Ordinal).ToList();

    public IEnumerable<OperationEntry> OfTarget(string target) =>
        byTarget.TryGetValue(target, out var ofTarget) ? ofTarget.Values : [];

    /// <summary>
    /// The current snapshot and, from then on, every change: of the whole store, or of one operation only when
    /// <paramref name="operationId"/> is given. A whole-store subscriber may take only the upserts that are
    /// <paramref name="relevant"/> to it (a page's counts and order, not every progress tick). Dispose it to stop.
    /// </summary>
    public OperationSubscription Subscribe(string? operationId = null, ChangeFilter? relevant = null)
    {
        lock (writeGate)
        {
            IReadOnlyList<OperationEntry> snapshot = operationId is null
                ? entries.Values.ToList()
                : entries.TryGetValue(operationId, out var entry) ? [entry] : [];
            return subscribers.Add(operationId, snapshot, operationId is null ? relevant : null);
        }
    }

    /// <summary>
    /// Replaces the operations of <paramref name="target"/> with <paramref name="seen"/>; returns what changed. A
    /// finished operation the backend no longer lists stays for <paramref name="retention"/> (default: Operations:Retention).
    /// </summary>
    public StoreChanges Apply(string target, IReadOnlyList<Operation> seen, TimeSpan? retention = null)
    {
        // Serializing is most of a poll's work here; outside the lock, pollers do it side by side.
        var fingerprints = new string[seen.Count];
        for (var i = 0; i < seen.Count; i++)
        {
            fingerprints[i] = Fingerprint(seen[i]);
        }
        lock (writeGate)
        {
            var now = time.GetUtcNow();
            var upserted = new List<OperationEntry>();
            var previous = new Dictionary<string, Operation>(StringComparer.Ordinal);
            for (var i = 0; i < seen.Count; i++)
            {
                var (operation, fingerprint) = (seen[i], fingerprints[i]);
                var existing = entries.GetValueOrDefault(operation.Id);
                if (existing?.Fingerprint == fingerprint)
                {
                    continue;
                }
                var entry = Stamp(operation, existing, fingerprint, now);
                Put(entry);
                upserted.Add(entry);
                if (existing is not null)
                {
                    previous[operation.Id] = existing.Operation;
                }
            }
            var keep = seen.Select(o => o.Id).ToHashSet(StringComparer.Ordinal);
            var removed = new List<string>();
            foreach (var gone in OfTarget(target).Where(e => !keep.Contains(e.Operation.Id)))
            {
                // A finished operation the backend no longer lists stays for the retention; anything else leaves now.
                var retained = gone.FinishedAt is { } finished && now - finished < (retention ?? options.Value.Retention);
                if (retained && !gone.Operation.NotRefreshed)
                {
                    continue;
                }
                if (retained)
                {
                    var refreshed = gone.Operation with { NotRefreshed = false };
                    var entry = Stamp(refreshed, gone, Fingerprint(refreshed), now);
                    Put(entry);
                    upserted.Add(entry);
                    continue;
                }
                Drop(gone);
                Interlocked.Increment(ref version);
                removed.Add(gone.Operation.Id);
            }
            var changes = new StoreChanges(upserted, removed) { Previous = previous, Target = target };
            Volatile.Write(ref published, Interlocked.Read(ref version));
            subscribers.Publish(changes);
            return changes;
        }
    }

    /// <summary>At start: the last known operations, shown at once and marked as not refreshed until their target answers.</summary>
    public void Restore(IEnumerable<(Operation Operation, DateTimeOffset? FinishedAt)> known)
    {
        lock (writeGate)
        {
            var upserted = new List<OperationEntry>();
            foreach (var (operation, finishedAt) in known)
            {
                var next = Interlocked.Increment(ref version);
                var restored = operation with { NotRefreshed = true, Actions = [], TargetIssue = null, Version = next };
                var entry = new OperationEntry(restored, next, Fingerprint(restored), finishedAt);
                if (!entries.ContainsKey(restored.Id))
                {
                    Put(entry);
                    upserted.Add(entry);
                }
            }
            Volatile.Write(ref published, Interlocked.Read(ref version));
            subscribers.Publish(new StoreChanges(upserted, []));
        }
    }

    /// <summary>
    /// Scale-out: makes <paramref name="target"/>'s operations exactly <paramref name="current"/>, as its poller on
    /// another instance saw them (times and fingerprints kept, so a later poll here compares with what was seen).
    /// Subscribers get the changes; no observer does (history and webhooks are the poller's).
    /// </summary>
    public StoreChanges Mirror(string target, IReadOnlyList<OperationEntry> current)
    {
        lock (writeGate)
        {
            var upserted = new List<OperationEntry>();
            foreach (var seen in current)
            {
                var existing = entries.GetValueOrDefault(seen.Operation.Id);
                if (existing is not null && existing.Fingerprint == seen.Fingerprint && existing.FinishedAt == seen.FinishedAt
                    && existing.Operation.NotRefreshed == seen.Operation.NotRefreshed)
                {
                    continue;
                }
                var next = Interlocked.Increment(ref version);
                var entry = new OperationEntry(seen.Operation with { Version = next }, next, seen.Fingerprint, seen.FinishedAt);
                Put(entry);
                upserted.Add(entry);
            }
            var keep = current.Select(e => e.Operation.Id).ToHashSet(StringComparer.Ordinal);
            var removed = new List<string>();
            foreach (var gone in OfTarget(target).Where(e => !keep.Contains(e.Operation.Id)))
            {
                Drop(gone);
                Interlocked.Increment(ref version);
                removed.Add(gone.Operation.Id);
            }
            var changes = new StoreChanges(upserted, removed);
            Volatile.Write(ref published, Interlocked.Read(ref version));
            subscribers.Publish(changes);
            return changes;
        }
    }

    /// <summary>Stores <paramref name="entry"/> and files it under its target (under the write lock).</summary>
    private void Put(OperationEntry entry)
    {
        var id = entry.Operation.Id;
        if (entries.TryGetValue(id, out var old) && !string.Equals(old.Operation.Target, entry.Operation.Target, StringComparison.OrdinalIgnoreCase))
        {
            Unfile(old);
        }
        entries[id] = entry;
        byTarget.GetOrAdd(entry.Operation.Target, _ => new(StringComparer.Ordinal))[id] = entry;
    }

    private void Drop(OperationEntry entry)
    {
        entries.TryRemove(entry.Operation.Id, out _);
        Unfile(entry);
    }

    private void Unfile(OperationEntry entry)
    {
        if (byTarget.TryGetValue(entry.Operation.Target, out var ofTarget) && ofTarget.TryRemove(entry.Operation.Id, out _) && ofTarget.IsEmpty)
        {
            byTarget.TryRemove(entry.Operation.Target, out _);
        }
    }

    public IReadOnlyDictionary<OperationState, int> Counts() =>
        entries.Values.GroupBy(e => e.Operation.State).ToDictionary(g => g.Key, g => g.Count());

    /// <summary>
    /// The new snapshot with its version and times. "In this state since" comes from the vendor when the connector
    /// set it; otherwise it is when this dashboard first saw the state, and says so.
    /// </summary>
    private OperationEntry Stamp(Operation operation, OperationEntry? existing, string fingerprint, DateTimeOffset now)
    {
        var finishedAt = operation.IsFinished ? existing?.FinishedAt ?? now : (DateTimeOffset?)null;
        var next = Interlocked.Increment(ref version);
        var stamped = operation with { UpdatedAt = now, Version = next };
        if (operation.StateSince is null)
        {
            var sameState = existing is not null && existing.Operation.State == operation.State && existing.Operation.VendorStatus == operation.VendorStatus;
            stamped = stamped with { StateSince = sameState ? existing!.Operation.StateSince ?? now : now, StateSinceObserved = true };
        }
        return new OperationEntry(stamped, next, fingerprint, finishedAt);
    }

    private static string Fingerprint(Operation operation)
    {
        var content = JsonSerializer.Serialize(operation with { UpdatedAt = default, Version = 0 }, DashboardJsonContext.Default.Operation);
        var details = operation.Details is null ? "" : JsonSerializer.Serialize(operation.Details, operation.Details.GetType(), FingerprintOptions);
        return content + "\n" + details;
    }

    private static readonly JsonSerializerOptions FingerprintOptions = new();
}
