using System.Net;
using BackupRestore.Dashboard.Features.Auth;
using BackupRestore.Dashboard.Features.History;
using BackupRestore.Dashboard.Tests.Infrastructure;
using BackupRestore.Simulator.Nsx;

namespace BackupRestore.Dashboard.Tests.Features.Data;

/// <summary>The same app on PostgreSQL (Database:Provider=postgres): schema at start, users, audit and history kept across a restart.</summary>
public sealed class PostgresTests : IAsyncLifetime
{
    private PostgresServer postgres = default!;
    private SimulatorHandle sim = default!;

    public async Task InitializeAsync()
    {
        postgres = await PostgresServer.StartAsync();
        sim = await SimulatorHandle.StartAsync();
        sim.AddNsx("west", NsxScenario.SuspendsForUserAction);
    }

    public async Task DisposeAsync()
    {
        await sim.DisposeAsync();
        await postgres.DisposeAsync();
    }

    [Fact]
    public async Task Users_audit_and_history_live_in_postgres_and_survive_a_restart()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = "postgres",
            ["ConnectionStrings:Dashboard"] = postgres.ConnectionString("dashboard"),
        };
        (string User, string Password) carol;
        await using (var first = DashboardApp.Start([sim.TargetOptions("nsx", "west")], new ManualTimeProvider(DateTimeOffset.UtcNow), settings))
        {
            await first.WaitForOperationAsync("west:cluster-restore");
            carol = await first.UserAsync(Roles.Operator);
            using var api = await first.ApiClientAsync(Roles.Operator);
            await api.PostJsonAsync("/api/operations/west:cluster-restore/actions/cancel", null, HttpStatusCode.OK);
            await first.Get<HistoryRecorder>().FlushAsync();
        }

        await using var second = DashboardApp.Start([sim.TargetOptions("nsx", "west")], new ManualTimeProvider(DateTimeOffset.UtcNow), settings);
        using var session = new DashboardSession(second);
        using var signedIn = await session.SignInAsync(carol.User, carol.Password);
        using var reader = await second.ApiClientAsync(Roles.Operator);
        var audit = (await reader.GetJsonAsync("/api/audit")).EnumerateArray().ToList();
        var timeline = await second.Get<HistoryRecorder>().TimelineAsync("west:cluster-restore", default);

        Assert.Equal("/", signedIn.Headers.Location!.OriginalString);
        Assert.Equal(("cancel", "succeeded"), (Assert.Single(audit).Text("action"), audit[0].Text("outcome")));
        Assert.Equal(["SUSPENDED_FOR_USER_ACTION", "ABORTED"], timeline.Select(e => e.ToVendorStatus));
    }

    [Fact]
    public async Task The_backup_command_dumps_the_postgres_database_with_pg_dump_and_its_data_protection_keys()
    {
        var data = Path.Combine(Path.GetTempPath(), "brd-tests", "pgdata-" + Guid.NewGuid().ToString("n"));
        var target = Path.Combine(Path.GetTempPath(), "brd-tests", "pgbackup-" + Guid.NewGuid().ToString("n"));
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = "postgres",
            ["ConnectionStrings:Dashboard"] = postgres.ConnectionString("backup"),
            ["Data:Folder"] = data,
        };
        try
        {
            await using (var app = DashboardApp.Start([sim.TargetOptions("nsx", "west")], new ManualTimeProvider(DateTimeOffset.UtcNow), settings))
            {
                await app.UserAsync(Roles.Operator);
                using var session = await DashboardSession.SignInAsync(app, Roles.Viewer);
            }
            using var output = new StringWriter();

            var exitCode = await BackupRestore.Dashboard.Features.Data.BackupCommand.RunAsync(
                ["--out", target, "--pg-dump", Path.Combine(postgres.BinPath, "pg_dump"), .. settings.Select(s => $"--{s.Key}={s.Value}")], output);

            Assert.True(exitCode == 0, output.ToString());
            Assert.Contains("pg_dump of backup", output.ToString(), StringComparison.Ordinal);
            Assert.True(new FileInfo(Path.Combine(target, "dashboard.pgdump")).Length > 0);
            Assert.Contains("Data Protection keys in the dump", output.ToString(), StringComparison.Ordinal);
            Assert.Contains("TABLE DATA public data_protection_keys", PgRestoreList(Path.Combine(target, "dashboard.pgdump")), StringComparison.Ordinal);
            Assert.False(Directory.Exists(Path.Combine(target, "keys")));
        }
        finally
        {
            DashboardAppCleanup.DeleteFolder(data);
            DashboardAppCleanup.DeleteFolder(target);
        }
    }

    /// <summary>The table of contents of a custom-format dump.</summary>
    private string PgRestoreList(string dump)
    {
        var start = new System.Diagnostics.ProcessStartInfo(Path.Combine(postgres.BinPath, "pg_restore"), ["--list", dump]) { RedirectStandardOutput = true };
        using var process = System.Diagnostics.Process.Start(start)!;
        var listing = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return listing;
    }
}
