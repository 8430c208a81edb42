using System.Diagnostics;
using System.Net;
using BackupRestore.Dashboard.Features.Auth;
using BackupRestore.Dashboard.Features.Data;
using BackupRestore.Dashboard.Features.History;
using BackupRestore.Dashboard.Tests.Infrastructure;
using BackupRestore.Simulator.Nsx;

namespace BackupRestore.Dashboard.Tests.Features.Data;

/// <summary>The dashboard's own data: private files, and an online backup that restores into a working dashboard.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DataFilesTests : IAsyncLifetime
{
    private const UnixFileMode Folder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode File600 = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private readonly string root = Path.Combine(Path.GetTempPath(), "brd-tests", "data-" + Guid.NewGuid().ToString("n"));
    private SimulatorHandle sim = default!;

    public async Task InitializeAsync()
    {
        sim = await SimulatorHandle.StartAsync();
        sim.AddNsx("east", NsxScenario.RunsToSuccess);
        sim.AddNsx("west", NsxScenario.SuspendsForUserAction);
    }

    public async Task DisposeAsync()
    {
        await sim.DisposeAsync();
        DashboardAppCleanup.DeleteFolder(root);
    }

    [Fact]
    public async Task The_data_folder_is_0700_and_the_database_its_journal_and_the_keys_are_0600_even_if_the_folder_existed_open()
    {
        var data = Path.Combine(root, "data");
        Directory.CreateDirectory(data);
        File.SetUnixFileMode(data, Folder | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        await using (var app = Start(data))
        {
            using var browser = await DashboardSession.SignInAsync(app, Roles.Operator);
            await app.WaitForOperationAsync("west:cluster-restore");

            Assert.Equal(Folder, File.GetUnixFileMode(data));
            foreach (var file in new[] { "dashboard.db", "dashboard.db-wal", "dashboard.db-shm" })
            {
                Assert.Equal(File600, File.GetUnixFileMode(Path.Combine(data, file)));
            }
            Assert.Equal(Folder, File.GetUnixFileMode(Path.Combine(data, "keys")));
            var keys = Directory.GetFiles(Path.Combine(data, "keys"), "*.xml");
            Assert.NotEmpty(keys);
            Assert.All(keys, k => Assert.Equal(File600, File.GetUnixFileMode(k)));
        }
    }

    [Fact]
    public async Task A_backup_taken_while_the_dashboard_writes_restores_into_a_dashboard_with_the_users_history_audit_and_sessions()
    {
        var data = Path.Combine(root, "live");
        var backup = Path.Combine(root, "backup");
        var (carol, password) = ("carol", "Carol-Backup-Passw0rd");
        string cookie;
        long auditBefore, auditAfter;
        await using (var app = Start(data))
        {
            await app.Get<UserStore>().CreateAsync(carol, password, Roles.Operator, default);
            await app.WaitForOperationAsync("west:cluster-restore");
            using var api = await app.ApiClientAsync(Roles.Operator);
            await api.PostJsonAsync("/api/operations/west:cluster-restore/actions/cancel", null, HttpStatusCode.OK);
            await app.Get<HistoryRecorder>().FlushAsync();
            cookie = await SignedInCookieAsync(app, carol, password);
            auditBefore = await AuditCountAsync(api);

            using var stop = new CancellationTokenSource();
            var writing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var writer = Task.Run(async () =>
            {
                for (var writes = 1; !stop.IsCancellationRequested; writes++)
                {
                    // Refused (not offered while running), and recorded: a steady stream of writes.
                    using var response = await api.PostAsync(new Uri("/api/operations/east:cluster-restore/actions/cancel", UriKind.Relative), null, CancellationToken.None);
                    if (writes == 5)
                    {
                        writing.SetResult();
                    }
                }
            });
            await writing.Task;
            var (exitCode, output) = await RunBackupAsync(data, backup);
            await stop.CancelAsync();
            await writer;
            auditAfter = await AuditCountAsync(api);

            Assert.True(exitCode == 0, output);
            Assert.Contains("Backed up sqlite", output, StringComparison.Ordinal);
        }

        await using var restored = Start(backup);
        using var reader = await restored.ApiClientAsync(Roles.Operator);
        var restoredAudit = await AuditCountAsync(reader);
        var timeline = await restored.Get<HistoryRecorder>().TimelineAsync("west:cluster-restore", default);
        using var session = new DashboardSession(restored);
        using var signedIn = await session.SignInAsync(carol, password);
        using var withOldCookie = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = restored.Address };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/targets");
        request.Headers.Add("Cookie", cookie);
        using var oldSession = await withOldCookie.SendAsync(request);

        Assert.Equal("/", signedIn.Headers.Location!.OriginalString);
        Assert.InRange(restoredAudit, auditBefore + 1, auditAfter);
        Assert.Contains(timeline, e => e.ToVendorStatus == "ABORTED");
        Assert.Equal(HttpStatusCode.OK, oldSession.StatusCode);
        Assert.Equal(Folder, File.GetUnixFileMode(backup));
        Assert.Equal(File600, File.GetUnixFileMode(Path.Combine(backup, "dashboard.db")));
    }

    [Fact]
    public async Task A_backup_never_writes_into_a_folder_that_is_not_empty()
    {
        var target = Path.Combine(root, "busy");
        Directory.CreateDirectory(target);
        await File.WriteAllTextAsync(Path.Combine(target, "keep.txt"), "mine");
        using var output = new StringWriter();

        var exitCode = await BackupCommand.RunAsync(["--out", target, $"--Data:Folder={Path.Combine(root, "none")}"], output);

        Assert.Equal(1, exitCode);
        Assert.Contains("is not empty", output.ToString(), StringComparison.Ordinal);
        Assert.Equal(["keep.txt"], Directory.GetFileSystemEntries(target).Select(Path.GetFileName));
    }

    private DashboardApp Start(string data) => DashboardApp.Start(
        [sim.TargetOptions("nsx", "east"), sim.TargetOptions("nsx", "west")], new ManualTimeProvider(DateTimeOffset.UtcNow),
        new Dictionary<string, string?> { ["Data:Folder"] = data });

    private static async Task<long> AuditCountAsync(HttpClient api)
    {
        using var response = await api.GetAsync(new Uri("/api/audit?take=1", UriKind.Relative));
        return long.Parse(response.Headers.GetValues("X-Total-Count").Single(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<string> SignedInCookieAsync(DashboardApp app, string user, string password)
    {
        var handler = new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() };
        using var session = new DashboardSession(app.Address, handler);
        using var response = await session.SignInAsync(user, password);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
        return string.Join("; ", handler.CookieContainer.GetCookies(app.Address).Select(c => $"{c.Name}={c.Value}"));
    }

    /// <summary>The command as an operator runs it: the built dll, its own process, the same configuration keys.</summary>
    private static async Task<(int ExitCode, string Output)> RunBackupAsync(string data, string target)
    {
        var start = new ProcessStartInfo("dotnet", [DashboardProcess.DllPath, "backup", "--out", target])
        {
            WorkingDirectory = Path.GetDirectoryName(DashboardProcess.DllPath)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["Data__Folder"] = data;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }
}
