using System.Diagnostics;

namespace BackupRestore.Bench;

/// <summary>
/// Keeps cores busy at the lowest CPU priority, one spinner pinned to each, as the crowd of niced tabs does: the windows
/// without browsers run on an equally busy machine, so that figure 3 counts what the circuits cost the server and not
/// what a saturated machine costs it (threads that wait longer for a core spin and switch more).
/// </summary>
internal sealed class MachineLoad : IDisposable
{
    private readonly List<Process> spinners = [];

    private MachineLoad(int cores)
    {
        for (var core = 0; core < cores; core++)
        {
            // One spinner on each core: with the cores split (CoreSplit), the server's core has its own.
            var start = new ProcessStartInfo("taskset") { UseShellExecute = false };
            foreach (var arg in (string[])["-c", core.ToString(System.Globalization.CultureInfo.InvariantCulture), "nice", "-n", "19", "sh", "-c", "while :; do :; done"])
            {
                start.ArgumentList.Add(arg);
            }
            spinners.Add(Process.Start(start)!);
        }
    }

    /// <summary>Every core busy: the windows without browsers.</summary>
    public static MachineLoad Saturate() => new(Environment.ProcessorCount);

    /// <summary>Only the server's core (core 0): the crowd keeps the others busy (<see cref="CoreSplit"/>).</summary>
    public static MachineLoad ServerCore() => new(CoreSplit.Possible ? 1 : 0);

    public void Dispose()
    {
        foreach (var spinner in spinners)
        {
            try
            {
                spinner.Kill();
                spinner.WaitForExit();
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
            spinner.Dispose();
        }
    }
}
