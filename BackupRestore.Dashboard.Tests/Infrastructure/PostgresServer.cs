using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace BackupRestore.Dashboard.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL cluster on a loopback port (initdb + pg_ctl from Debian's postgresql package), run as the
/// postgres user when the tests run as root. Fails with how to install it when the server is missing; never skips.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private readonly string bin;
    private readonly string folder;
    private readonly bool asPostgresUser;
    private bool stopped;

    private PostgresServer(string bin, string folder, int port, bool asPostgresUser)
    {
        this.bin = bin;
        this.folder = folder;
        this.asPostgresUser = asPostgresUser;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The folder of the server's tools (pg_dump, pg_restore).</summary>
    public string BinPath => bin;

    public string ConnectionString(string database) => $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=false";

    public static async Task<PostgresServer> StartAsync()
    {
        var bin = FindBin() ?? throw new InvalidOperationException(
            "These tests need a PostgreSQL server (initdb, pg_ctl). Install it: sudo apt-get install -y postgresql");
        var root = Environment.UserName == "root";
        var folder = Path.Combine(Path.GetTempPath(), "brd-pg-" + Guid.NewGuid().ToString("n"));
        Directory.CreateDirectory(folder);
        if (root)
        {
            Run("chown", ["-R", "postgres:postgres", folder]);
        }
        var server = new PostgresServer(bin, folder, FreePort(), root);
        server.Pg("initdb", "-D", Path.Combine(folder, "data"), "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8");
        server.Pg("pg_ctl", "-D", Path.Combine(folder, "data"), "-l", Path.Combine(folder, "log"), "-w", "-t", "30", "start",
            "-o", $"-p {server.Port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off");
        await Task.CompletedTask;
        return server;
    }

    /// <summary>Stops the server now (a database outage); disposing afterwards only removes its files.</summary>
    public void Stop()
    {
        Pg("pg_ctl", "-D", Path.Combine(folder, "data"), "-m", "immediate", "-w", "stop");
        stopped = true;
    }

    public ValueTask DisposeAsync()
    {
        try
        {
            if (!stopped)
            {
                Stop();
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
        return ValueTask.CompletedTask;
    }

    private void Pg(string tool, params string[] arguments)
    {
        var path = Path.Combine(bin, tool);
        if (asPostgresUser)
        {
            Run("runuser", ["-u", "postgres", "--", path, .. arguments]);
        }
        else
        {
            Run(path, arguments);
        }
    }

    private static void Run(string file, string[] arguments)
    {
        var start = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited {process.ExitCode}: {output.Result}{error.Result}");
        }
    }

    private static string? FindBin() => Directory.Exists("/usr/lib/postgresql")
        ? Directory.GetDirectories("/usr/lib/postgresql").Select(v => Path.Combine(v, "bin")).Where(b => File.Exists(Path.Combine(b, "initdb"))).OrderDescending().FirstOrDefault()
        : null;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
