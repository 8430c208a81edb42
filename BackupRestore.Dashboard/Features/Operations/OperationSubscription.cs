using System.Collections.Concurrent;
using System.Threading.Channels;

namespace BackupRestore.Dashboard.Features.Operations;

/// <summary>
/// A subscriber's view of the store: <see cref="TakeSnapshot"/> as it was when subscribing, then every later change in
/// order on <see cref="Changes"/>. Per-operation subscriptions see only their operation's changes.
/// </summary>
public sealed class OperationSubscription : IDisposable
{
    private readonly Channel<StoreChanges> channel = Channel.CreateUnbounded<StoreChanges>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Action<OperationSubscription> unsubscribe;

    internal OperationSubscription(string? operationId, IReadOnlyList<OperationEntry> snapshot, Action<OperationSubscription> unsubscribe,
        ChangeFilter? relevant = null)
    {
        OperationId = operationId;
        this.snapshot = snapshot;
        this.unsubscribe = unsubscribe;
        Relevant = relevant;
    }

    /// <summary>Which upserts a whole-store subscriber hears (null: all); removals always reach it.</summary>
    internal ChangeFilter? Relevant { get; }

    /// <summary>The one operation this subscription follows, or null for the whole store.</summary>
    public string? OperationId { get; }

    private IReadOnlyList<OperationEntry> snapshot;

    /// <summary>
    /// The store as it was when subscribing; given once. The subscription forgets it then: held for the life of a
    /// circuit, it would keep every operation's first version alive long after the store replaced it.
    /// </summary>
    public IReadOnlyList<OperationEntry> TakeSnapshot()
    {
        var taken = snapshot;
        snapshot = [];
        return taken;
    }

    public ChannelReader<StoreChanges> Changes => channel.Reader;

    internal void Write(StoreChanges changes) => channel.Writer.TryWrite(changes);

    public void Dispose()
    {
        unsubscribe(this);
        channel.Writer.TryComplete();
    }
}

/// <summary>
/// Whether a whole-store subscriber needs an upsert: <paramref name="before"/> is the operation's former snapshot, null
/// when it is new or unknown (then it is always needed). Runs on the poller's path, for every subscriber: keep it cheap.
/// </summary>
public delegate bool ChangeFilter(Operation? before, Operation after);

/// <summary>
/// Who listens to what. A change is written to the whole-store subscribers and to the subscribers of each operation
/// it touches, never to the others: a circuit showing 30 rows hears about those 30 only.
/// </summary>
internal sealed class OperationSubscribers
{
    private readonly Lock gate = new();
    private readonly ConcurrentDictionary<string, OperationSubscription[]> byOperation = new(StringComparer.Ordinal);
    private OperationSubscription[] all = [];

    public int Count => Volatile.Read(ref all).Length + byOperation.Values.Sum(s => s.Length);

    public OperationSubscription Add(string? operationId, IReadOnlyList<OperationEntry> snapshot, ChangeFilter? relevant = null)
    {
        var subscription = new OperationSubscription(operationId, snapshot, Remove, relevant);
        lock (gate)
        {
            if (operationId is null)
            {
                all = [.. all, subscription];
            }
            else
            {
                byOperation[operationId] = [.. byOperation.GetValueOrDefault(operationId) ?? [], subscription];
            }
        }
        return subscription;
    }

    /// <summary>Called under the store's write lock, so every subscriber sees changes in store order.</summary>
    public void Publish(StoreChanges changes)
    {
        if (changes.IsEmpty)
        {
            return;
        }
        foreach (var subscriber in Volatile.Read(ref all))
        {
            if (subscriber.Relevant is null)
            {
                subscriber.Write(changes);
            }
            else if (Only(changes, subscriber.Relevant) is { } some)
            {
                subscriber.Write(some);
            }
        }
        if (byOperation.IsEmpty)
        {
            return;
        }
        foreach (var entry in changes.Upserted)
        {
            if (byOperation.TryGetValue(entry.Operation.Id, out var watchers))
            {
                var one = new StoreChanges([entry], []);
                foreach (var watcher in watchers)
                {
                    watcher.Write(one);
                }
            }
        }
        foreach (var id in changes.Removed)
        {
            if (byOperation.TryGetValue(id, out var watchers))
            {
                var one = new StoreChanges([], [id]);
                foreach (var watcher in watchers)
                {
                    watcher.Write(one);
                }
            }
        }
    }

    /// <summary>The part of <paramref name="changes"/> a filtered subscriber needs; null when nothing.</summary>
    private static StoreChanges? Only(StoreChanges changes, ChangeFilter relevant)
    {
        List<OperationEntry>? kept = null;
        foreach (var entry in changes.Upserted)
        {
            if (relevant(changes.Previous.GetValueOrDefault(entry.Operation.Id), entry.Operation))
            {
                (kept ??= []).Add(entry);
            }
        }
        if ((kept?.Count ?? 0) == changes.Upserted.Count)
        {
            return changes;
        }
        if (kept is null && changes.Removed.Count == 0)
        {
            return null;
        }
        return new StoreChanges(kept ?? [], changes.Removed) { Previous = changes.Previous, Target = changes.Target };
    }

    private void Remove(OperationSubscription subscription)
    {
        lock (gate)
        {
            if (subscription.OperationId is null)
            {
                all = all.Where(s => !ReferenceEquals(s, subscription)).ToArray();
            }
            else if (byOperation.TryGetValue(subscription.OperationId, out var watchers))
            {
                var rest = watchers.Where(s => !ReferenceEquals(s, subscription)).ToArray();
                if (rest.Length == 0)
                {
                    byOperation.TryRemove(subscription.OperationId, out _);
                }
                else
                {
                    byOperation[subscription.OperationId] = rest;
                }
            }
        }
    }
}
