namespace BackupRestore.Bench;

/// <summary>Processes on this machine read from /proc: who started whom.</summary>
internal static class ProcessTree
{
    /// <summary>
    /// The processes whose command line matches <paramref name="isRoot"/>, and all their descendants (children name
    /// their parent in /proc/PID/stat, field 4, after the command in brackets).
    /// </summary>
    public static HashSet<int> Below(Func<int, string, bool> isRoot)
    {
        var all = Directory.GetDirectories("/proc").Select(Path.GetFileName).OfType<string>().Where(n => n.All(char.IsDigit))
            .Select(pid => (Pid: int.Parse(pid, System.Globalization.CultureInfo.InvariantCulture), Stat: TryRead($"/proc/{pid}/stat"), Command: TryRead($"/proc/{pid}/cmdline")))
            .Where(p => p.Stat is not null).Select(p => (p.Pid, Stat: p.Stat!, p.Command)).ToList();
        var tree = all.Where(p => isRoot(p.Pid, p.Command ?? "")).Select(p => p.Pid).ToHashSet();
        for (var grown = tree.Count > 0; grown;)
        {
            grown = false;
            foreach (var (pid, stat, _) in all)
            {
                if (!tree.Contains(pid) && int.TryParse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], out var parent) && tree.Contains(parent))
                {
                    grown |= tree.Add(pid);
                }
            }
        }
        return tree;
    }

    /// <summary>Every thread of the processes: Linux sets priority and CPU affinity per thread.</summary>
    public static List<string> Threads(IEnumerable<int> processes) =>
        processes.SelectMany(pid => Directory.Exists($"/proc/{pid}/task") ? Directory.GetDirectories($"/proc/{pid}/task").Select(Path.GetFileName) : [])
            .OfType<string>().ToList();

    /// <summary>
    /// Runs a tool (renice, taskset) to its end. A process or thread may end between listing and the call; anything
    /// else means a figure would be mislabelled, so it throws.
    /// </summary>
    public static async Task RunAsync(string tool, IEnumerable<string> arguments)
    {
        var start = new System.Diagnostics.ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await output;
        await process.WaitForExitAsync();
        if (process.ExitCode != 0 && !error.Contains("No such process", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{tool} failed (exit {process.ExitCode}): {error.Trim()}");
        }
    }

    private static string? TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path).Replace('\0', ' ');
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
