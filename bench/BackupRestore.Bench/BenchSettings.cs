namespace BackupRestore.Bench;

/// <summary>How much load each part uses. Every loop is bounded in count and in time; only loopback is used.</summary>
internal sealed record BenchSettings(
    bool Enforce,
    int PageTargets,
    int PollingTargets,
    int[] ViewerSteps,
    int LatencySamples,
    int FanOutSamples,
    int PageSamples,
    TimeSpan PollingWindow,
    int StartupSamples,
    string Configuration)
{
    public static BenchSettings Full { get; } = new(true, 500, 1000, [200, 1000, 2000], 40, 10, 60, TimeSpan.FromSeconds(30), 3, "Release");

    public static BenchSettings Short { get; } = new(false, 30, 60, [20, 50], 5, 3, 10, TimeSpan.FromSeconds(5), 1, "Release");

    /// <summary>Targets polled fast (for the latency figures); the rest every 5 s like production.</summary>
    public const int FastTargets = 10;
}
