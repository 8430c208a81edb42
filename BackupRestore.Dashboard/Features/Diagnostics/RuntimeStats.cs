using System.Collections.Concurrent;

namespace BackupRestore.Dashboard.Features.Diagnostics;

/// <summary>
/// Counters the benchmark (and an operator) reads at <c>/api/diagnostics</c>: how late poll ticks run, and how long a change waits for the components that show it. Cheap enough
/// to keep on in production.
/// </summary>
public sealed class RuntimeStats
{
    private const int Kept = 20_000;
    private readonly ConcurrentQueue<double> lags = new();
    private readonly ConcurrentQueue<double> renderDelays = new();
    private long ticks;

    public long Ticks => Interlocked.Read(ref ticks);

    /// <summary>A poll tick ran <paramref name="lag"/> after it was due.</summary>
    public void RecordTick(TimeSpan lag)
    {
        Interlocked.Increment(ref ticks);
        Keep(lags, lag);
    }

    /// <summary>
    /// A component showing one operation took a change in <paramref name="delay"/> after the poller stored it: the
    /// server's part of change → screen (queueing on the circuit's dispatcher included; the render itself and the
    /// trip to the browser not).
    /// </summary>
    public void RecordRenderDelay(TimeSpan delay) => Keep(renderDelays, delay);

    /// <summary>How many render delays are kept now.</summary>
    public int RenderDelaySamples => renderDelays.Count;

    /// <summary>The p-th percentile (0..100) of recent tick lags, in milliseconds.</summary>
    public double TickLag(double percentile) => Percentile(lags, percentile);

    /// <summary>The p-th percentile (0..100) of recent render delays, in milliseconds.</summary>
    public double RenderDelay(double percentile) => Percentile(renderDelays, percentile);

    public void ResetLags()
    {
        lags.Clear();
        renderDelays.Clear();
    }

    private static void Keep(ConcurrentQueue<double> samples, TimeSpan value)
    {
        samples.Enqueue(value.TotalMilliseconds);
        while (samples.Count > Kept && samples.TryDequeue(out _))
        {
        }
    }

    private static double Percentile(ConcurrentQueue<double> samples, double percentile)
    {
        var sorted = samples.ToArray();
        if (sorted.Length == 0)
        {
            return 0;
        }
        Array.Sort(sorted);
        return sorted[Math.Clamp((int)Math.Ceiling(percentile / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}
