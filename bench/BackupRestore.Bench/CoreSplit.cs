namespace BackupRestore.Bench;

/// <summary>
/// Figure 3's windows with the server on a core of its own: the dashboard on core 0, everything else this run started
/// (the simulator, Chromium and its tabs, this bench) on the others. On one machine the crowd's 60 renderer processes
/// otherwise share the server's core, and what they cost it there (its caches emptied between two wakes, the switches)
/// was counted as the circuits' cost, which on browsers' own computers it is not. Every window, with or without the
/// crowd, has the same split and a spinner at the lowest priority on the server's core.
/// </summary>
internal sealed class CoreSplit : IAsyncDisposable
{
    private readonly int server;

    private CoreSplit(int server) => this.server = server;

    /// <summary>A split needs a second core; on one core the windows run as before.</summary>
    public static bool Possible => Environment.ProcessorCount >= 2;

    /// <summary>The cores everything but the server runs on while split.</summary>
    public static string OtherCores => Environment.ProcessorCount == 2 ? "1" : $"1-{Environment.ProcessorCount - 1}";

    public static async Task<CoreSplit?> ApplyAsync(int server)
    {
        if (!Possible)
        {
            return null;
        }
        await PinAsync([server], "0");
        await PinAsync(Others(server), OtherCores);
        return new CoreSplit(server);
    }

    public async ValueTask DisposeAsync() => await PinAsync([server, .. Others(server)], $"0-{Environment.ProcessorCount - 1}");

    private static IEnumerable<int> Others(int server) =>
        ProcessTree.Below((pid, _) => pid == Environment.ProcessId).Where(pid => pid != server);

    // taskset -a: affinity is per thread, and threads started later take their creator's.
    private static async Task PinAsync(IEnumerable<int> processes, string cores)
    {
        foreach (var pid in processes)
        {
            await ProcessTree.RunAsync("taskset", ["-a", "-p", "-c", cores, pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        }
    }
}
