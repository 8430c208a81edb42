using System.Net;
using BackupRestore.Dashboard.Features.Auth;
using BackupRestore.Dashboard.Tests.Infrastructure;
using BackupRestore.Simulator.Nsx;
using BackupRestore.Simulator.Vcenter;

namespace BackupRestore.Dashboard.Tests.Features.Hosting;

/// <summary>Logs: found settings from any working directory, quiet by default, and never a token, webhook path or form value.</summary>
public sealed class LoggingTests : IAsyncLifetime
{
    private const string HookPath = "/services/T0000/B0000/XXXXhooksecret";
    private const string UrlPassword = "Pw-In-Url-4711";
    private const string FormMarker = "form-marker-0815";
    private SimulatorHandle sim = default!;

    public async Task InitializeAsync()
    {
        sim = await SimulatorHandle.StartAsync();
        sim.AddNsx("west", NsxScenario.SuspendsForUserAction);
        sim.Fleet.AddVcenter("vc", VcenterScenario.Idle);
    }

    public async Task DisposeAsync() => await sim.DisposeAsync();

    [Fact]
    public async Task Even_at_trace_level_no_log_line_holds_a_token_a_webhook_path_a_password_in_a_url_or_a_form_value()
    {
        await using var receiver = await WebhookReceiver.StartAsync(path: HookPath);
        var everything = new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Trace",
            ["Logging:LogLevel:Microsoft"] = "Trace",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Trace",
            ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Trace",
            ["Logging:HttpClientRequests"] = "true",
            ["Notifications:Webhooks:0:Url"] = receiver.Url.ToString(),
            ["Notifications:Webhooks:0:Transitions:0"] = "cancelled",
        };
        await using var app = DashboardApp.Start([sim.TargetOptions("nsx", "west", TimeSpan.FromMilliseconds(300)), sim.TargetOptions("vcenter", "vc")], settings: everything);
        await app.WaitForOperationAsync("west:cluster-restore");
        var wallToken = await app.TokenAsync(Roles.Viewer);
        var hubToken = await app.TokenAsync(Roles.Viewer);

        using (var wall = new DashboardSession(app))
        using (var exchanged = await wall.GetAsync($"/wall?token={wallToken}"))
        {
            Assert.Equal(HttpStatusCode.Redirect, exchanged.StatusCode);
        }
        using (var http = app.CreateHttpClient())
        using (await http.GetAsync($"/hub?id=none&access_token={hubToken}"))
        {
        }
        // Operators act over their circuits; the JSON API is the HTTP way in, and the one whose bodies carry secrets.
        var operatorToken = await app.TokenAsync(Roles.Operator);
        using var api = app.CreateHttpClient();
        api.DefaultRequestHeaders.Authorization = new("Bearer", operatorToken);
        using (var cancelled = await api.PostAsync(new Uri("/api/operations/west:cluster-restore/actions/cancel", UriKind.Relative), null))
        {
            Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        }
        await receiver.WaitForAsync(1);
        using var validated = await api.PostAsync(new Uri("/api/targets/vc/actions/validate", UriKind.Relative), System.Net.Http.Json.JsonContent.Create(new Dictionary<string, string>
        {
            ["location_type"] = "SFTP", ["location"] = $"sftp://bob:{UrlPassword}@backup.example/{FormMarker}", ["backup_password"] = "Backup-Passw0rd-1",
        }));
        var answer = await validated.Content.ReadAsStringAsync();

        var lines = app.Logs.Lines;
        Assert.Contains(lines, l => l.Contains("Request starting", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("Information System.Net.Http.HttpClient.webhooks", StringComparison.Ordinal));
        Assert.True(validated.StatusCode == HttpStatusCode.OK, answer);
        // One line per action with its outcome, in the trace of the request that asked for it.
        var acted = Assert.Single(lines, l => l.Contains("Action cancel on west for west:cluster-restore by ", StringComparison.Ordinal));
        Assert.Contains(": succeeded after ", acted, StringComparison.Ordinal);
        Assert.Matches("TraceId:[0-9a-f]{32}", acted);
        Assert.Single(lines, l => l.Contains("Action validate on vc for (target) by ", StringComparison.Ordinal));
        Assert.DoesNotContain(UrlPassword, answer, StringComparison.Ordinal);
        foreach (var secret in new[] { wallToken, hubToken, operatorToken, HookPath, "XXXXhooksecret", UrlPassword, FormMarker, "Backup-Passw0rd-1" })
        {
            var leak = lines.FirstOrDefault(l => l.Contains(secret, StringComparison.Ordinal));
            Assert.True(leak is null, $"'{secret}' leaked into: {leak}");
        }
    }

    [Fact]
    public async Task Started_from_another_directory_the_process_uses_its_own_settings_and_stays_quiet()
    {
        var elsewhere = Directory.CreateTempSubdirectory("brd-cwd-");
        var data = Path.Combine(Path.GetTempPath(), "brd-tests", "cwd-" + Guid.NewGuid().ToString("n"));
        var environment = DashboardProcess.TargetEnvironment(0, sim.TargetOptions("nsx", "west", TimeSpan.FromMilliseconds(200)));
        environment["Data__Folder"] = data;
        environment["Auth__BootstrapAdmin__Password"] = DashboardApp.AdminPassword;
        try
        {
            await using var dashboard = await DashboardProcess.StartAsync(environment, workingDirectory: elsewhere.FullName);
            using var browser = new DashboardSession(dashboard.Address);
            using (await browser.SignInAsync("admin", DashboardApp.AdminPassword))
            {
            }
            var token = await browser.CreateTokenAsync("admin", DashboardApp.AdminPassword, "wall-quiet", Roles.Viewer);
            for (var i = 0; i < 10; i++)
            {
                await browser.GetStringAsync("/targets");
            }
            using (var wall = new DashboardSession(dashboard.Address))
            using (await wall.GetAsync($"/wall?token={token}"))
            {
            }
            await dashboard.StopAsync();

            var output = dashboard.Output;
            Assert.Contains($"Content root path: {Path.GetDirectoryName(DashboardProcess.DllPath)}", output, StringComparison.Ordinal);
            Assert.DoesNotContain("Microsoft.EntityFrameworkCore", output, StringComparison.Ordinal);
            Assert.DoesNotContain("System.Net.Http.HttpClient", output, StringComparison.Ordinal);
            Assert.DoesNotContain("Request starting", output, StringComparison.Ordinal);
            Assert.DoesNotContain(token, output, StringComparison.Ordinal);
        }
        finally
        {
            elsewhere.Delete(recursive: true);
            DashboardAppCleanup.DeleteFolder(data);
        }
    }
}
