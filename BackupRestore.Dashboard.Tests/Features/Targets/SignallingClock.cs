using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace BackupRestore.Dashboard.Tests.Features.Targets;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that says when a timer is created: a windowed live feed waits on a timer after a
/// change, and a test moves the clock once that timer exists (no sleeps, no guessing whether the feed woke up).
/// </summary>
public sealed class SignallingClock(DateTimeOffset start) : FakeTimeProvider(start)
{
    private readonly Channel<TimeSpan> created = Channel.CreateUnbounded<TimeSpan>();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        created.Writer.TryWrite(dueTime);
        return timer;
    }

    /// <summary>Waits until something starts waiting <paramref name="due"/> (a feed's window), then lets that time pass.</summary>
    public async Task PassAsync(TimeSpan due)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (await created.Reader.ReadAsync(timeout.Token) != due)
        {
        }
        Advance(due);
    }
}
