namespace BackupRestore.Dashboard.Tests.Infrastructure;

/// <summary>
/// A clock that moves only when a test says so. Timers (PeriodicTimer, CancellationTokenSource, Task.Delay
/// on this provider) fire, in due order, as <see cref="Advance"/> passes their due time.
/// </summary>
public sealed class ManualTimeProvider : TimeProvider
{
    private readonly Lock gate = new();
    private readonly List<ManualTimer> timers = [];
    private DateTimeOffset now;
    private long ticks;

    public ManualTimeProvider(DateTimeOffset? start = null) =>
        now = start ?? new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow()
    {
        lock (gate)
        {
            return now;
        }
    }

    public override long GetTimestamp()
    {
        lock (gate)
        {
            return ticks;
        }
    }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>
    /// Moves the clock forward, firing each timer that falls due on the way at its due time. Only timers that
    /// existed when the jump began fire: work that a callback starts during the jump (a request and its timeout)
    /// is not overtaken by the rest of the jump.
    /// </summary>
    public void Advance(TimeSpan by)
    {
        DateTimeOffset target;
        HashSet<ManualTimer> existing;
        lock (gate)
        {
            target = now + by;
            existing = [.. timers];
        }
        while (true)
        {
            ManualTimer? due;
            lock (gate)
            {
                due = timers.Where(t => existing.Contains(t) && t.DueAt is { } at && at <= target).MinBy(t => t.DueAt);
                if (due is null)
                {
                    ticks += (target - now).Ticks;
                    now = target;
                    return;
                }
                ticks += (due.DueAt!.Value - now).Ticks;
                now = due.DueAt.Value;
                due.DueAt = due.Period > TimeSpan.Zero ? now + due.Period : null;
            }
            due.Fire();
        }
    }

    private sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public DateTimeOffset? DueAt { get; set; }

        public TimeSpan Period { get; private set; }

        public void Fire() => callback(state);

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (owner.gate)
            {
                Period = period == Timeout.InfiniteTimeSpan ? TimeSpan.Zero : period;
                DueAt = dueTime == Timeout.InfiniteTimeSpan ? null : owner.now + dueTime;
                if (!owner.timers.Contains(this))
                {
                    owner.timers.Add(this);
                }
            }
            return true;
        }

        public void Dispose()
        {
            lock (owner.gate)
            {
                owner.timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
