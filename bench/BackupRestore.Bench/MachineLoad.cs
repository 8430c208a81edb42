using System.Diagnostics;

namespace BackupRestore.Bench;

/// <summary>
/// Keeps every core busy at the lowest CPU priority, as the crowd of niced tabs does: the windows without browsers run
/// on an equally busy machine, so that figure 3 counts what the circuits cost the server and not what a saturated
/// machine costs it (threads that wait longer for a core spin and switch more).
/// </summary>
internal sealed class MachineLoad : IDisposable
{
    private readonly List<Process> spinners = [];

    private MachineLoad()
    {
        for (var i = 0; i < Environment.ProcessorCount; i++)
        {
            var start = new ProcessStartInfo("nice") { UseShellExecute = false };
            foreach (var arg in (string[])["-n", "19", "sh", "-c", "while :; do :; done"])
            {
                start.ArgumentList.Add(arg);
            }
            spinners.Add(Process.Start(start)!);
        }
    }

    public static MachineLoad Saturate() => new();

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
