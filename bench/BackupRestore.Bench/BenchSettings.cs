namespace BackupRestore.Bench;

/// <summary>How much load each part uses. Every loop is bounded in count and in time; only loopback is used.</summary>
/// <param name="Retention">How long a vanished browser's circuit is kept for a reconnect (Live:DisconnectedCircuitRetention): the
/// dashboard's default in a full run, shorter in short mode so that CI does not wait a minute.</param>
internal sealed record BenchSettings(
    bool Enforce,
    int PageTargets,
    int LargeTargets,
    int PollingTargets,
    int Browsers,
    int MemoryBrowsers,
    int LatencySamples,
    double ChangesPerSecond,
    TimeSpan CpuWindow,
    TimeSpan PollingWindow,
    int PageSamples,
    int StartupSamples,
    TimeSpan Retention,
    string Configuration)
{
    public static BenchSettings Full { get; } = new(true, 500, 1000, 1000, 60, 20, 60, 5, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(30), 60, 3, TimeSpan.FromMinutes(1), "Release");

    public static BenchSettings Short { get; } = new(false, 30, 60, 60, 4, 3, 5, 5, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5), 10, 1, TimeSpan.FromSeconds(10), "Release");

    /// <summary>Figure 9: targets shared by three instances on one PostgreSQL.</summary>
    public int ClusterTargets => Enforce ? 3000 : 60;

    /// <summary>Figure 9: kill -9 and takeover, this many times (the median is reported).</summary>
    public int TakeoverSamples => Enforce ? 5 : 1;

    /// <summary>Figure 3: windows with the crowd, each between two without it (the estimate is their mean).</summary>
    public int CpuRounds => Enforce ? 3 : 1;

    /// <summary>Targets polled fast (for the latency figures); the rest every 5 s like production.</summary>
    public const int FastTargets = 10;

    /// <summary>
    /// Targets polled fast in the browser runs: each latency sample completes a step of one of them, and a simulated
    /// restore has nine steps left, so figures 1a, 1b and 1d together (3 × 60 samples) need 20. All of them must be
    /// on screen in a 1080-pixel tab (the grid shows about 25 rows), or their changes are rendered nowhere.
    /// </summary>
    public const int LatencyTargets = 20;
}
