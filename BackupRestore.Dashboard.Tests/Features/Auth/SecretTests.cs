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
        foreach (var page in new[] { "/", "/targets", "/targets/west", "/targets/vc", "/targets/cse", "/targets/vault", "/targets/locked",
            "/operations/west%3Acluster-restore", "/audit", "/audit.csv", "/admin/users", "/admin/tokens" })
        {
            seen.Add(await admin.GetStringAsync(page));
        }
        await admin.LoadAsync("/targets/vc");
        using (var posted = await admin.PostFormAsync("/targets/vc/actions/validate", [new("location_type", "SFTP"), new("location", "sftp://b/x"),
            new("location_password", FormSecret), new("backup_password", FormSecret), new("sso_admin_user_password", FormSecret), new("v", "1")]))
        {
            seen.Add(await admin.GetStringAsync(posted.Headers.Location!.OriginalString));
        }
        using var api = await app.ApiClientAsync(Roles.Admin);
        foreach (var path in new[] { "/api/operations", "/api/targets", "/api/targets/cse/backups", "/api/targets/vault/backups", "/api/targets/locked/backups", "/api/audit" })
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
        await app.Get<BackupRestore.Dashboard.Features.History.HistoryRecorder>().FlushAsync();

        var everything = seen.Concat(app.Logs.Lines).ToList();
        Assert.Contains(everything, text => text.Contains("credentials were incorrect", StringComparison.Ordinal));
        foreach (var secret in new[] { SimulatorHandle.Password, DashboardApp.AdminPassword, WrongPassword, FormSecret })
        {
            var leak = everything.FirstOrDefault(text => text.Contains(secret, StringComparison.Ordinal));
            Assert.True(leak is null, $"A secret leaked into: {leak?[..Math.Min(leak.Length, 300)]}");
        }
    }
}
