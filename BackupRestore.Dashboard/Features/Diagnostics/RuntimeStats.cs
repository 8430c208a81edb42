namespace BackupRestore.Dashboard.Features.Diagnostics;

/// <summary>
/// Counters the benchmark (and an operator) reads at <c>/api/diagnostics</c>: how late poll ticks run, and how long a
/// change waits for the components that show it. Cheap enough to keep on in production.
/// </summary>
public sealed class RuntimeStats
{
    private readonly SampleRing lags = new();
    private readonly SampleRing renderDelays = new();
    private long ticks;

    public long Ticks => Interlocked.Read(ref ticks);

    /// <summary>A poll tick ran <paramref name="lag"/> after it was due.</summary>
    public void RecordTick(TimeSpan lag)
    {
        Interlocked.Increment(ref ticks);
        lags.Add(lag);
    }

    /// <summary>
    /// A component showing one operation took a change in <paramref name="delay"/> after the poller stored it: the
    /// server's part of change → screen (queueing on the circuit's dispatcher included; the render itself and the
    /// trip to the browser not). Called on every such render, so it only writes one slot.
    /// </summary>
    public void RecordRenderDelay(TimeSpan delay) => renderDelays.Add(delay);

    /// <summary>How many render delays are kept now.</summary>
    public int RenderDelaySamples => renderDelays.Count;

    /// <summary>The p-th percentile (0..100) of recent tick lags, in milliseconds.</summary>
    public double TickLag(double percentile) => lags.Percentile(percentile);

    /// <summary>The p-th percentile (0..100) of recent render delays, in milliseconds.</summary>
    public double RenderDelay(double percentile) => renderDelays.Percentile(percentile);

    public void ResetLags()
    {
        lags.Clear();
        renderDelays.Clear();
    }

    /// <summary>The latest samples in milliseconds, in a fixed ring: adding one is an increment and a store.</summary>
    private sealed class SampleRing
    {
        private const int Kept = 20_000;
        private readonly double[] samples = new double[Kept];
        private long added;

        public int Count => (int)Math.Min(Interlocked.Read(ref added), Kept);

        public void Add(TimeSpan value) => samples[(Interlocked.Increment(ref added) - 1) % Kept] = value.TotalMilliseconds;

        public void Clear() => Interlocked.Exchange(ref added, 0);

        public double Percentile(double percentile)
        {
            // A sample written while this copies may be read half-old: good enough for a diagnostic percentile.
            var sorted = samples[..Count];
            if (sorted.Length == 0)
            {
                return 0;
            }
            Array.Sort(sorted);
            return sorted[Math.Clamp((int)Math.Ceiling(percentile / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
        }
    }
}
