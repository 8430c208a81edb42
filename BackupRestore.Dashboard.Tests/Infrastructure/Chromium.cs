using System.Diagnostics;

namespace BackupRestore.Dashboard.Tests.Infrastructure;

/// <summary>
/// Finds a Chromium for Playwright: the configured path (CHROMIUM_PATH), then the usual install locations. When
/// none is installed it installs Debian's package if it can (root with apt-get), and otherwise fails saying how.
/// It never lets a browser test skip.
/// </summary>
public static class Chromium
{
    public static readonly string[] Args =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    private static readonly string[] KnownPaths =
    [
        "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable",
        "/snap/bin/chromium", "/opt/google/chrome/chrome",
    ];

    private static readonly Lazy<string> Path = new(Locate, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string ExecutablePath => Path.Value;

    private static string Locate()
    {
        var configured = Environment.GetEnvironmentVariable("CHROMIUM_PATH");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return File.Exists(configured)
                ? configured
                : throw new InvalidOperationException($"CHROMIUM_PATH is set to '{configured}', but no file is there.");
        }
        if (Find() is { } found)
        {
            return found;
        }
        var log = TryInstall();
        return Find() ?? throw new InvalidOperationException(
            "Browser tests need Chromium and none was found (set CHROMIUM_PATH, or install it: " +
            "sudo apt-get install -y chromium fonts-liberation). Installing it automatically did not work: " + log);
    }

    private static string? Find() => KnownPaths.FirstOrDefault(File.Exists);

    private static string TryInstall()
    {
        if (!File.Exists("/usr/bin/apt-get"))
        {
            return "there is no apt-get on this machine.";
        }
        if (Environment.UserName != "root")
        {
            return "not running as root.";
        }
        var output = Run("apt-get", "update") + Run("apt-get", "install -y --no-install-recommends chromium fonts-liberation");
        return output.Length > 2000 ? output[^2000..] : output;
    }

    private static string Run(string file, string arguments)
    {
        var start = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return $"{file} {arguments} exited {process.ExitCode}: {stderr.Result}";
    }
}
