using System.Threading.Channels;

namespace BackupRestore.Dashboard.Features.Targets;

/// <summary>
/// Change signals of the board: a write only marks each subscriber's one-slot channel, so a poller never waits for
/// a page and a burst of polls wakes a page once; the page reads the board again for what it shows.
/// </summary>
public sealed partial class TargetHealthBoard
{
    private readonly Lock subscribersGate = new();
    private TargetHealthSubscription[] subscribers = [];

    /// <summary>Open subscriptions, for diagnostics and tests.</summary>
    public int SubscriberCount => Volatile.Read(ref subscribers).Length;

    /// <summary>Signals a change of any target (<paramref name="target"/> null) or of one. Dispose it to stop.</summary>
    public TargetHealthSubscription Subscribe(string? target = null)
    {
        var subscription = new TargetHealthSubscription(target, Unsubscribe);
        lock (subscribersGate)
        {
            subscribers = [.. subscribers, subscription];
        }
        return subscription;
    }

    private TargetHealth Changed(TargetHealth health)
    {
        foreach (var subscriber in Volatile.Read(ref subscribers))
        {
            subscriber.Notify(health.Name);
        }
        return health;
    }

    private void Unsubscribe(TargetHealthSubscription subscription)
    {
        lock (subscribersGate)
        {
            subscribers = subscribers.Where(s => !ReferenceEquals(s, subscription)).ToArray();
        }
    }
}

/// <summary>"Something changed since you last looked" for one page: at most one pending signal.</summary>
public sealed class TargetHealthSubscription : IDisposable
{
    private readonly Channel<bool> channel = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    private readonly Action<TargetHealthSubscription> unsubscribe;

    internal TargetHealthSubscription(string? target, Action<TargetHealthSubscription> unsubscribe)
    {
        Target = target;
        this.unsubscribe = unsubscribe;
    }

    /// <summary>The one target followed, or null for all.</summary>
    public string? Target { get; }

    public ChannelReader<bool> Changes => channel.Reader;

    internal void Notify(string target)
    {
        if (Target is null || string.Equals(Target, target, StringComparison.OrdinalIgnoreCase))
        {
            channel.Writer.TryWrite(true);
        }
    }

    public void Dispose()
    {
        unsubscribe(this);
        channel.Writer.TryComplete();
    }
}
