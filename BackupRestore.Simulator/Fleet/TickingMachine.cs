namespace BackupRestore.Simulator;

/// <summary>
/// A machine that moves in fixed ticks from its creation time: the state at any instant depends only on the
/// actions taken and the clock, never on who asked when (deterministic for a seed and a TimeProvider).
/// </summary>
public abstract class TickingMachine : Control.IStepControl
{
    private readonly TimeProvider time;
    private DateTimeOffset nextTick;

    protected TickingMachine(TimeProvider time, TimeSpan tick)
    {
        this.time = time;
        Tick = tick;
        nextTick = time.GetUtcNow() + tick;
    }

    protected Lock Gate { get; } = new();

    public TimeSpan Tick { get; }

    /// <summary>Moves the machine to now, tick by tick; call under <see cref="Gate"/>.</summary>
    protected DateTimeOffset Catchup()
    {
        var now = time.GetUtcNow();
        while (now >= nextTick)
        {
            OnTick(nextTick);
            nextTick += Tick;
        }
        return now;
    }

    /// <summary>Reads state as of now: every read catches up first, so no reader sees a stale tick.</summary>
    protected T Read<T>(Func<T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        lock (Gate)
        {
            Catchup();
            return read();
        }
    }

    protected abstract void OnTick(DateTimeOffset at);

    /// <summary>Control hook for tests and demos: the next tick happens now.</summary>
    public void CompleteCurrentStep()
    {
        lock (Gate)
        {
            Catchup();
            OnTick(time.GetUtcNow());
        }
    }
}
