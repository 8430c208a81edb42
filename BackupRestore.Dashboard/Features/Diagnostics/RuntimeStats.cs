using System.Collections.Concurrent;

namespace BackupRestore.Dashboard.Features.Diagnostics;

/// <summary>
/// Counters the benchmark (and an operator) reads at <c>/api/diagnostics</c>: how late poll ticks run. Cheap enough
/// to keep on in production.
/// </summary>
public sealed class RuntimeStats
{
    private const int Keep = 20_000;
    private readonly ConcurrentQueue<double> lags = new();
    private long ticks;

    public long Ticks => Interlocked.Read(ref ticks);

    /// <summary>A poll tick ran <paramref name="lag"/> after it was due.</summary>
    public void RecordTick(TimeSpan lag)
    {
        Interlocked.Increment(ref ticks);
        lags.Enqueue(lag.TotalMilliseconds);
        while (lags.Count > Keep && lags.TryDequeue(out _))
        {
        }
    }



    /// <summary>The p-th percentile (0..100) of recent tick lags, in milliseconds.</summary>
    public double TickLag(double percentile)
    {
        var sorted = lags.ToArray();
        if (sorted.Length == 0)
        {
            return 0;
        }
        Array.Sort(sorted);
        return sorted[Math.Clamp((int)Math.Ceiling(percentile / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    public void ResetLags() => lags.Clear();
}
