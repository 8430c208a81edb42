using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace BackupRestore.Dashboard.Tests.Infrastructure;

/// <summary>
/// The dashboard as its own process (the built dll run with dotnet), configured by environment variables: for
/// tests that kill it, restart it, or need it outside the test process.
/// </summary>
public sealed partial class DashboardProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly ConcurrentQueue<string> output = new();
    private readonly TaskCompletionSource<Uri> listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private DashboardProcess(Process process)
    {
        this.process = process;
        process.OutputDataReceived += (_, e) => Line(e.Data);
        process.ErrorDataReceived += (_, e) => Line(e.Data);
    }

    public Uri Address { get; private set; } = default!;

    public string Output => string.Join('\n', output);

    public bool HasExited => process.HasExited;

    public static string DllPath
    {
        get
        {
            var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
            return Path.Combine(RepositoryPaths.Root, "BackupRestore.Dashboard", "bin", configuration, "net10.0", "BackupRestore.Dashboard.dll");
        }
    }

    /// <summary>Starts the dashboard on a free loopback port and waits until it listens (from the dll's folder unless told).</summary>
    public static async Task<DashboardProcess> StartAsync(IReadOnlyDictionary<string, string> environment, int port = 0, string? workingDirectory = null, string scheme = "http")
    {
        var start = new ProcessStartInfo("dotnet", [DllPath])
        {
            WorkingDirectory = workingDirectory ?? Path.GetDirectoryName(DllPath)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_URLS"] = $"{scheme}://127.0.0.1:{port}";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Demo__Enabled"] = "false";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        var dashboard = new DashboardProcess(Process.Start(start)!);
        dashboard.process.BeginOutputReadLine();
        dashboard.process.BeginErrorReadLine();
        // A start on a fresh PostgreSQL (migrations, key ring) took over 30 s on two cores shared with other builds.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var exited = dashboard.process.WaitForExitAsync(timeout.Token);
        var first = await Task.WhenAny(dashboard.listening.Task, exited);
        if (first != dashboard.listening.Task)
        {
            throw new InvalidOperationException($"The dashboard did not start:\n{dashboard.Output}");
        }
        dashboard.Address = await dashboard.listening.Task;
        return dashboard;
    }

    /// <summary>Settings for one target, as environment variables (Targets__N__Key).</summary>
    public static Dictionary<string, string> TargetEnvironment(int index, BackupRestore.Dashboard.Features.Targets.TargetOptions target)
    {
        var values = new Dictionary<string, string?>
        {
            ["Name"] = target.Name, ["System"] = target.System, ["BaseUrl"] = target.BaseUrl, ["UserName"] = target.UserName,
            ["Password"] = target.Password, ["PollInterval"] = target.PollInterval.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
            ["IamUrl"] = target.IamUrl, ["ProjectId"] = target.ProjectId, ["ProjectName"] = target.ProjectName, ["DomainName"] = target.DomainName,
            ["EngineId"] = target.EngineId, ["VaultId"] = target.VaultId,
        };
        return values.Where(v => v.Value is not null).ToDictionary(v => $"Targets__{index}__{v.Key}", v => v.Value!);
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cts.Token);
        return process.ExitCode;
    }

    /// <summary>Stops it the way a service manager does (SIGTERM: graceful shutdown).</summary>
    public async Task StopAsync()
    {
        if (!process.HasExited)
        {
            Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])?.WaitForExit();
            await WaitForExitAsync(TimeSpan.FromSeconds(20));
        }
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
        if (ListeningLine().Match(line) is { Success: true } match)
        {
            listening.TrySetResult(new Uri(match.Groups[1].Value.Replace("[::]", "127.0.0.1", StringComparison.Ordinal)));
        }
    }

    [GeneratedRegex(@"Now listening on: (https?://\S+)")]
    private static partial Regex ListeningLine();
}
