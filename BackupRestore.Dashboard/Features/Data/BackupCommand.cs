using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace BackupRestore.Dashboard.Features.Data;

/// <summary>
/// <c>dotnet BackupRestore.Dashboard.dll backup --out &lt;folder&gt;</c>: a consistent copy of the dashboard's own data
/// while it runs. SQLite: the online backup API (one read transaction, so writes before it are in and writes
/// after it are not; WAL lets the dashboard keep writing meanwhile), checked with <c>integrity_check</c>.
/// PostgreSQL: <c>pg_dump</c> (from PATH or <c>--pg-dump</c>). The Data Protection keys, without which sessions and
/// antiforgery tokens of the restored dashboard would not be readable: copied from the data folder with SQLite,
/// inside the dump with PostgreSQL (every instance reads them from the database). The output folder is itself
/// a data folder: restore by pointing <c>Data:Folder</c> at it (or copying it there) with the dashboard stopped.
/// Configuration is read exactly as the dashboard reads it (appsettings, environment, <c>--Key=value</c>).
/// </summary>
internal static class BackupCommand
{
    public const string Name = "backup";
    private static readonly string[] CountedTables = ["users", "audit", "operation_events", "api_tokens"];

    public static async Task<int> RunAsync(string[] args, TextWriter? output = null)
    {
        var console = output ?? Console.Out;
        var outIndex = Array.FindIndex(args, a => a is "--out" or "-o");
        if (outIndex < 0 || outIndex + 1 >= args.Length)
        {
            await console.WriteLineAsync("Usage: dotnet BackupRestore.Dashboard.dll backup --out <new or empty folder> [--pg-dump <path to pg_dump>] [--Key=value ...]");
            return 2;
        }
        var target = Path.GetFullPath(args[outIndex + 1]);
        var pgDumpIndex = Array.IndexOf(args, "--pg-dump");
        var pgDump = pgDumpIndex >= 0 && pgDumpIndex + 1 < args.Length ? args[pgDumpIndex + 1] : null;
        var rest = args.Where((_, i) => i != outIndex && i != outIndex + 1 && (pgDumpIndex < 0 || (i != pgDumpIndex && i != pgDumpIndex + 1))).ToArray();
        var builder = WebApplication.CreateBuilder(Hosting.ContentRoot.Options(rest));
        DataLocation location;
        try
        {
            location = DataLocation.Resolve(builder.Configuration, builder.Environment.ContentRootPath);
            if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
            {
                throw new InvalidOperationException($"{target} is not empty. Give a new or empty folder: a backup never overwrites anything.");
            }
            PrivateFiles.CreateFolder(target);
            var summary = location.Provider == "sqlite" ? BackUpSqlite(location, target) : await BackUpPostgresAsync(location, target, pgDump);
            var keys = location.Provider == "postgres" ? "Data Protection keys in the dump" : $"{CopyKeys(location, target)} Data Protection key file(s)";
            await console.WriteLineAsync($"Backed up {location} to {target}: {summary}; {keys}.");
            await console.WriteLineAsync($"Restore: stop the dashboard, then start it with Data:Folder={target} (or copy this folder's contents into an empty data folder){(location.Provider == "postgres" ? " after pg_restore of dashboard.pgdump" : "")}.");
            return 0;
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException or SqliteException)
        {
            await console.WriteLineAsync($"Backup failed: {e.Message}");
            return 1;
        }
    }

    private static string BackUpSqlite(DataLocation location, string target)
    {
        if (!File.Exists(location.SqliteFile))
        {
            throw new InvalidOperationException($"There is no database at {location.SqliteFile}. Check Data:Folder (it is read relative to the content root).");
        }
        var copy = Path.Combine(target, Path.GetFileName(location.SqliteFile));
        PrivateFiles.CreateFile(copy);
        using (var source = new SqliteConnection($"Data Source={location.SqliteFile};Mode=ReadWrite;Pooling=False;Default Timeout=30"))
        using (var destination = new SqliteConnection($"Data Source={copy};Pooling=False"))
        {
            source.Open();
            destination.Open();
            source.BackupDatabase(destination);
            // One self-contained file: the dashboard turns WAL on again when it starts on the copy.
            Execute(destination, "PRAGMA journal_mode=DELETE;");
            var check = Execute(destination, "PRAGMA integrity_check;");
            if (check != "ok")
            {
                throw new InvalidOperationException($"The copy failed SQLite's integrity check: {check}");
            }
            return string.Join(", ", CountedTables.Select(t => $"{Execute(destination, $"SELECT COUNT(*) FROM \"{t}\";")} {t.Replace('_', ' ')}"));
        }
    }

    private static async Task<string> BackUpPostgresAsync(DataLocation location, string target, string? pgDump)
    {
        var connection = new Npgsql.NpgsqlConnectionStringBuilder(location.ConnectionString);
        var file = Path.Combine(target, "dashboard.pgdump");
        string[] arguments = ["--format=custom", $"--file={file}", $"--host={connection.Host}", $"--port={connection.Port.ToString(CultureInfo.InvariantCulture)}",
            $"--username={connection.Username}", $"--dbname={connection.Database}"];
        var tool = pgDump ?? FindOnPath("pg_dump")
            ?? throw new InvalidOperationException($"Database:Provider is 'postgres' and pg_dump was not found. Install the PostgreSQL client (e.g. apt-get install postgresql-client), or give its path with --pg-dump, or run it yourself: pg_dump {string.Join(' ', arguments)} (password from PGPASSWORD or ~/.pgpass).");
        var start = new ProcessStartInfo(tool, arguments) { RedirectStandardError = true, RedirectStandardOutput = true };
        if (!string.IsNullOrEmpty(connection.Password))
        {
            start.Environment["PGPASSWORD"] = connection.Password;
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start.");
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"pg_dump exited with {process.ExitCode}: {(await error).Trim()}");
        }
        PrivateFiles.Tighten(target);
        return $"pg_dump of {connection.Database} ({new FileInfo(file).Length.ToString("N0", CultureInfo.InvariantCulture)} bytes)";
    }

    private static int CopyKeys(DataLocation location, string target)
    {
        if (!Directory.Exists(location.KeysFolder))
        {
            return 0;
        }
        var keys = Path.Combine(target, "keys");
        PrivateFiles.CreateFolder(keys);
        var files = Directory.GetFiles(location.KeysFolder, "*.xml");
        foreach (var file in files)
        {
            PrivateFiles.Copy(file, Path.Combine(keys, Path.GetFileName(file)));
        }
        return files.Length;
    }

    private static string Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), CultureInfo.InvariantCulture) ?? "";
    }

    private static string? FindOnPath(string tool) => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
        .Select(folder => Path.Combine(folder, tool)).FirstOrDefault(File.Exists);
}
