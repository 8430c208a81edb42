using System.Collections.Concurrent;
using System.Data.Common;
using System.Threading.Channels;
using BackupRestore.Dashboard.Features.Operations;
using BackupRestore.Dashboard.Features.Targets;

namespace BackupRestore.Dashboard.Features.ScaleOut;

/// <summary>
/// Scale-out, on the lease holder: after a poll that changed a target's operations or health, writes the target's
/// whole current state (a few operations) to <see cref="LiveStateTables"/> off the poller's path, and notifies. A
/// target changed again before its write goes once, with its latest state; a failed write is retried with the state
/// of then, so the tables never keep a half-applied change. Poll times alone are shared every
/// <see cref="PollTimesEvery"/> (every poll of thousands of targets would be hundreds of writes a second).
/// </summary>
internal sealed partial class LiveStateWriter(
    LiveStateTables tables,
    ScaleOutMode mode,
    OperationStore store,
    TargetHealthBoard health,
    TargetCatalog catalog,
    TimeProvider time,
    ILogger<LiveStateWriter> logger) : BackgroundService, IChangeObserver
{
    public static readonly TimeSpan PollTimesEvery = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan RetryEvery = TimeSpan.FromSeconds(1);
    /// <summary>A target to write; <c>Operations</c> false when only its health is to be shared.</summary>
    private sealed record Dirty(string Target, bool Operations);

    private readonly Channel<object> pending = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<string, TargetHealth> shared = new(StringComparer.OrdinalIgnoreCase);

    public void Observe(StoreChanges changes)
    {
        if (mode.Enabled && changes.Target is { } target && (!changes.IsEmpty || HealthToShare(target) is not null))
        {
            pending.Writer.TryWrite(new Dirty(target, !changes.IsEmpty));
        }
    }

    /// <summary>Completes once what was observed before the call is written (or could not be): a lease is given back after it.</summary>
    public Task FlushAsync()
    {
        if (!mode.Enabled)
        {
            return Task.CompletedTask;
        }
        var flushed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        pending.Writer.TryWrite(flushed);
        return flushed.Task;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!mode.Enabled)
        {
            return;
        }
        var dirty = new Dictionary<string, bool>(StringComparer.OrdinalIgnoreCase);
        var flushes = new List<TaskCompletionSource>();
        using var retry = new PeriodicTimer(RetryEvery, time);
        try
        {
            while (true)
            {
                if (dirty.Count == 0 && !await pending.Reader.WaitToReadAsync(stoppingToken))
                {
                    return;
                }
                while (pending.Reader.TryRead(out var item))
                {
                    if (item is TaskCompletionSource flush)
                    {
                        flushes.Add(flush);
                    }
                    else if (item is Dirty next)
                    {
                        dirty[next.Target] = next.Operations || dirty.GetValueOrDefault(next.Target);
                    }
                }
                var written = dirty.Count == 0 || await WriteAsync(dirty, stoppingToken);
                flushes.ForEach(f => f.TrySetResult());
                flushes.Clear();
                if (!written)
                {
                    await retry.WaitForNextTickAsync(stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: the next lease holder writes the state of its own polls.
            flushes.ForEach(f => f.TrySetResult());
        }
    }

    private async Task<bool> WriteAsync(Dictionary<string, bool> dirty, CancellationToken cancellationToken)
    {
        var writes = new List<LiveTargetWrite>();
        foreach (var (name, operations) in dirty)
        {
            if (catalog.Find(name) is { } target)
            {
                var now = health.Get(target);
                writes.Add(new LiveTargetWrite(target.Name, operations ? store.OfTarget(target.Name).ToList() : null, HealthToShare(target.Name) is null ? null : now));
            }
        }
        try
        {
            await tables.WriteAsync(writes, cancellationToken);
            foreach (var write in writes.Where(w => w.Health is not null))
            {
                shared[write.Target] = write.Health!;
            }
            dirty.Clear();
            return true;
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            LogWriteFailed(logger, writes.Count, e.Message);
            return false;
        }
    }

    /// <summary>The target's health when the others should see it: something shown changed, or its poll times are <see cref="PollTimesEvery"/> old there.</summary>
    private TargetHealth? HealthToShare(string name)
    {
        if (catalog.Find(name) is not { } target)
        {
            return null;
        }
        var now = health.Get(target);
        if (!shared.TryGetValue(name, out var last))
        {
            return now;
        }
        var sameShown = now with { LastPollAt = null, LastSuccessAt = null, Gaps = [] } == last with { LastPollAt = null, LastSuccessAt = null, Gaps = [] }
            && now.Gaps.SequenceEqual(last.Gaps);
        var timesFresh = now.LastPollAt is not { } polled || last.LastPollAt is { } before && polled - before < PollTimesEvery;
        return sameShown && timesFresh ? null : now;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not share the live state of {Count} target(s) with the other instances (retrying): {Problem}")]
    private static partial void LogWriteFailed(ILogger logger, int count, string problem);
}

/// <summary>Scale-out is on: <c>ScaleOut:Enabled</c> with <c>Database:Provider=postgres</c>.</summary>
internal sealed record ScaleOutMode(bool Enabled);
