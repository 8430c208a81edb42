using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace BackupRestore.Bench;

/// <summary>A dll of this repository run as its own process, with its CPU time and resident memory read from /proc.</summary>
internal sealed partial class ChildProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly ConcurrentQueue<string> output = new();
    private readonly TaskCompletionSource<Uri> listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ChildProcess(Process process)
    {
        this.process = process;
        process.OutputDataReceived += (_, e) => Line(e.Data);
        process.ErrorDataReceived += (_, e) => Line(e.Data);
    }

    public Uri Address { get; private set; } = default!;

    public DateTimeOffset StartedAt { get; private set; }

    public int Id => process.Id;

    public bool HasExited => process.HasExited;

    /// <summary>What it said apart from poll warnings (a fleet's worth of those would hide why it stopped).</summary>
    public string Problems => string.Join('\n', output.Where(l => !l.Contains("Polling bench-", StringComparison.Ordinal) && !l.Contains("TargetPoller[", StringComparison.Ordinal)).TakeLast(80));

    public string Output => string.Join('\n', output.TakeLast(60));

    public static string Dll(string project, string configuration) =>
        Path.Combine(Repository.Root, project, "bin", configuration, "net10.0", project + ".dll");

    public static async Task<ChildProcess> StartAsync(string dll, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, bool waitForListening = true)
    {
        var start = new ProcessStartInfo("dotnet", [dll, .. arguments])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        var child = new ChildProcess(Process.Start(start)!) { StartedAt = DateTimeOffset.UtcNow };
        child.process.BeginOutputReadLine();
        child.process.BeginErrorReadLine();
        if (waitForListening)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var first = await Task.WhenAny(child.listening.Task, child.process.WaitForExitAsync(timeout.Token));
            if (first != child.listening.Task)
            {
                throw new InvalidOperationException($"{Path.GetFileName(dll)} did not start:\n{child.Output}");
            }
            child.Address = await child.listening.Task;
        }
        return child;
    }

    /// <summary>Resident set size (VmRSS), bytes.</summary>
    public long ResidentBytes()
    {
        var status = File.ReadAllLines($"/proc/{process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(status.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>User + system CPU time so far.</summary>
    public TimeSpan CpuTime()
    {
        var usage = Usage();
        return usage.User + usage.Kernel;
    }

    /// <summary>CPU in user and kernel mode, and minor page faults, from /proc (a window's split shows where its noise is).</summary>
    public (TimeSpan User, TimeSpan Kernel, long PageFaults) Usage()
    {
        var fields = File.ReadAllText($"/proc/{process.Id}/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        long Field(int i) => long.Parse(fields[i], CultureInfo.InvariantCulture);
        return (TimeSpan.FromSeconds(Field(11) / 100.0), TimeSpan.FromSeconds(Field(12) / 100.0), Field(7));
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
    }

    private void Line(string? line)
    {
        if (line is null)
        {
            return;
        }
        output.Enqueue(line);
        if (Listening().Match(line) is { Success: true } match)
        {
            listening.TrySetResult(new Uri(match.Groups[1].Value.TrimEnd('/') + "/"));
        }
    }

    [GeneratedRegex(@"(?:Now listening on:|listening on) (http://[^\s(]+)")]
    private static partial Regex Listening();
}

internal static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "BackupRestore.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("BackupRestore.sln not found above " + AppContext.BaseDirectory);
    }
}
