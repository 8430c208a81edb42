using System.Net;
using System.Net.Http.Json;
using BackupRestore.Dashboard.Features.Auth;
using BackupRestore.Dashboard.Tests.Infrastructure;
using BackupRestore.Simulator.Cbr;
using BackupRestore.Simulator.Cse;
using BackupRestore.Simulator.Nsx;
using BackupRestore.Simulator.Vcenter;

namespace BackupRestore.Dashboard.Tests.Features.Auth;

/// <summary>Configured and typed passwords never appear in a page, an API response or a log line.</summary>
public sealed class SecretTests
{
    private const string WrongPassword = "Wrong-Target-Passw0rd!";
    private const string FormSecret = "Typed-Into-A-Form-0!";
    private const string UserSecret = "New-User-Passw0rd-1!";
    private const string ResetSecret = "Reset-User-Passw0rd-2!";

    [Fact]
    public async Task No_password_appears_in_any_page_api_response_or_log_line()
    {
        await using var sim = await SimulatorHandle.StartAsync();
        sim.AddNsx("west", NsxScenario.SuspendsForUserAction);
        sim.Fleet.AddVcenter("vc", VcenterScenario.Idle);
        sim.Fleet.AddCse("cse", CseScenario.Default);
        sim.Fleet.AddCbr("vault", CbrScenario.Default);
        sim.AddNsx("locked", NsxScenario.RunsToSuccess);
        var wrong = sim.TargetOptions("nsx", "locked");
        wrong.Password = WrongPassword;
        await using var app = DashboardApp.Start(new[] { ("nsx", "west"), ("vcenter", "vc"), ("cse", "cse"), ("cbr", "vault") }
            .Select(t => sim.TargetOptions(t.Item1, t.Item2)).Append(wrong), new ManualTimeProvider(DateTimeOffset.UtcNow));
        await app.WaitForOperationAsync("west:cluster-restore");
        await app.WaitForOperationAsync("locked:target");
        var seen = new List<string>();

        using var admin = await DashboardSession.SignInAsync(app, Roles.Admin);
        var pages = new[] { "/", "/targets", "/targets/west", "/targets/vc", "/targets/cse", "/targets/vault", "/targets/locked",
            "/operations/west%3Acluster-restore", "/audit", "/audit.csv", "/notifications", "/admin/users", "/admin/tokens" };
        using var api = await app.ApiClientAsync(Roles.Admin);
        // What forms used to post is now sent as JSON (the pages call the same services): typed secrets go in, never out.
        using (var validate = await api.PostAsJsonAsync("/api/targets/vc/actions/validate", new
        {
            location_type = "SFTP", location = "sftp://b/x", location_password = FormSecret, backup_password = FormSecret, sso_admin_user_password = FormSecret,
        }))
        {
            seen.Add(await validate.Content.ReadAsStringAsync());
        }
        using (var created = await api.PostAsJsonAsync("/api/admin/users", new { userName = "carol", password = UserSecret, role = "operator" }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            seen.Add(await created.Content.ReadAsStringAsync());
            var id = System.Text.Json.JsonDocument.Parse(seen[^1]).RootElement.GetProperty("id").GetInt64();
            using var reset = await api.PostAsJsonAsync($"/api/admin/users/{id}", new { password = ResetSecret });
            seen.Add(await reset.Content.ReadAsStringAsync());
        }
        string wallToken;
        using (var token = await api.PostAsJsonAsync("/api/admin/tokens", new { name = "wall", role = "viewer" }))
        {
            // Shown once, in this answer: never again in a list, the audit or a log line.
            Assert.Equal(HttpStatusCode.Created, token.StatusCode);
            wallToken = System.Text.Json.JsonDocument.Parse(await token.Content.ReadAsStringAsync()).RootElement.GetProperty("token").GetString()!;
        }
        foreach (var path in new[] { "/api/operations", "/api/targets", "/api/targets/cse/backups", "/api/targets/vault/backups", "/api/targets/locked/backups", "/api/audit", "/api/admin/users", "/api/admin/tokens", "/api/notifications" })
        {
            using var response = await api.GetAsync(path);
            seen.Add(await response.Content.ReadAsStringAsync());
        }
        using (var validate = await api.PostAsJsonAsync("/api/targets/vc/actions/create", new { location_type = "SFTP", location = "sftp://b/x", backup_password = FormSecret }))
        {
            Assert.Equal(HttpStatusCode.OK, validate.StatusCode);
            seen.Add(await validate.Content.ReadAsStringAsync());
        }
        using (var badBasic = new HttpRequestMessage(HttpMethod.Get, "/api/operations"))
        {
            badBasic.Headers.Authorization = new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"admin:{WrongPassword}")));
            using var client = app.CreateHttpClient();
            seen.Add((await client.SendAsync(badBasic)).StatusCode.ToString());
        }
        foreach (var page in pages)
        {
            using var response = await admin.GetAsync(page);
            seen.Add(await response.Content.ReadAsStringAsync());
        }
        await app.Get<BackupRestore.Dashboard.Features.History.HistoryRecorder>().FlushAsync();

        var everything = seen.Concat(app.Logs.Lines).ToList();
        Assert.Contains(everything, text => text.Contains("credentials were incorrect", StringComparison.Ordinal));
        foreach (var secret in new[] { SimulatorHandle.Password, DashboardApp.AdminPassword, WrongPassword, FormSecret, UserSecret, ResetSecret, wallToken })
        {
            var leak = everything.FirstOrDefault(text => text.Contains(secret, StringComparison.Ordinal));
            Assert.True(leak is null, $"A secret leaked into: {leak?[..Math.Min(leak.Length, 300)]}");
        }
    }
}
