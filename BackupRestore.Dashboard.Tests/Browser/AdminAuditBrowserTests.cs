using System.Net;
using System.Net.Http.Json;
using BackupRestore.Dashboard.Features.Auth;
using BackupRestore.Dashboard.Tests.Infrastructure;
using BackupRestore.Simulator;
using BackupRestore.Simulator.Nsx;
using BackupRestore.Simulator.Vcenter;
using static Microsoft.Playwright.Assertions;

namespace BackupRestore.Dashboard.Tests.Browser;

/// <summary>
/// The audit page in Chromium over real actions: readable parameters without secrets, a filter that goes to the URL
/// and to the CSV export. Also takes the README's audit screenshot, written to docs/ only when BRD_SCREENSHOTS=1.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AdminAuditBrowserTests(BrowserFixture browser)
{
    private const string Secret = "Typed-Secret-Passw0rd-9";

    [Fact]
    [Trait("Category", Screenshots.Category)]
    public async Task The_audit_page_reads_well_filters_through_the_url_and_exports_what_it_shows()
    {
        await using var sim = await SimulatorHandle.StartAsync();
        sim.AddNsx("nsx-east", NsxScenario.RunsToSuccess);
        sim.AddNsx("nsx-west", NsxScenario.SuspendsForUserAction);
        sim.Fleet.AddVcenter("vcsa-prod", VcenterScenario.Idle);
        await using var app = DashboardApp.Start([sim.TargetOptions("nsx", "nsx-east"), sim.TargetOptions("nsx", "nsx-west"), sim.TargetOptions("vcenter", "vcsa-prod")]);
        await app.WaitForOperationAsync("nsx-west:cluster-restore");
        await app.WaitForOperationAsync("nsx-east:cluster-restore");
        await ActAsync(app, sim);

        var page = await browser.NewPageAsync(app.Address);
        await page.SetViewportSizeAsync(1600, 1000);
        await page.GotoAsync("/login");
        await page.Locator("input[name=username]").FillAsync("olivia");
        await page.Locator("input[name=password]").FillAsync(PasswordOf("olivia"));
        await page.Locator("form.login-form button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/login", StringComparison.Ordinal));
        await page.GotoAsync("/audit");
        // The first page of a fresh server builds the circuit and the grid: give it time on a busy machine.
        await Expect(page.Locator("[data-audit]")).ToHaveCountAsync(7, new() { Timeout = 20_000 });
        var validate = page.Locator("tr:has(code.audit-action:text-is('validate'))");
        await Expect(validate.Locator(".audit-pair:has(dt:text-is('location')) dd")).ToHaveTextAsync("sftp://backup.example/vc");
        await Expect(validate.Locator(".audit-pair:has(dt:text-is('location_password')) dd")).ToHaveTextAsync("[removed]");
        await Expect(page.Locator(".vendor-error .audit-pair:has(dt:text-is('code')) dd")).ToHaveTextAsync("22013");
        Assert.DoesNotContain(Secret, await page.ContentAsync(), StringComparison.Ordinal);
        await page.Locator("h1").BlurAsync();
        await page.ScreenshotAsync(new() { Path = Screenshots.PathFor("screenshot-audit.png") });

        await page.Locator("[data-filter=outcome]").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item:has-text('refused')").ClickAsync();
        // A Blazor navigation changes the URL without a load; polled, with room for a busy CI machine (the select's
        // choice goes over the circuit while other browser tests run).
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/audit\\?outcome=refused$"), new() { Timeout = 30_000 });
        await Expect(page.Locator("[data-audit]")).ToHaveCountAsync(3);
        await Expect(page.Locator("#audit-total")).ToHaveTextAsync("3 entries");
        await Expect(page.Locator(".audit-outcome")).ToHaveCountAsync(3);
        await Expect(page.Locator(".audit-outcome[data-outcome=refused]")).ToHaveCountAsync(3);
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#audit-csv").ClickAsync());
        var csv = (await File.ReadAllTextAsync((await download.PathAsync())!)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("audit.csv", download.SuggestedFilename);
        Assert.Equal(4, csv.Length);
        Assert.All(csv.Skip(1), line => Assert.Contains(",refused,", line, StringComparison.Ordinal));
    }

    /// <summary>Seven entries of every kind: done, refused, refused by the vendor, with secrets, and admin changes.</summary>
    private static async Task ActAsync(DashboardApp app, SimulatorHandle sim)
    {
        using var operatorApi = await PersonAsync(app, "olivia", Roles.Operator);
        await operatorApi.PostJsonAsync("/api/operations/nsx-west:cluster-restore/actions/cancel", null, HttpStatusCode.OK);
        await operatorApi.PostJsonAsync("/api/operations/nsx-east:cluster-restore/actions/cancel", null, HttpStatusCode.Conflict);
        await sim.SetFaultAsync("nsx", "nsx-east", SimFaultKind.Conflict);
        await operatorApi.PostJsonAsync("/api/operations/nsx-east:cluster-restore/actions/suspend", null, HttpStatusCode.Conflict);
        using (var validate = await operatorApi.PostAsJsonAsync("/api/targets/vcsa-prod/actions/validate", new
        {
            location_type = "SFTP", location = "sftp://backup.example/vc", location_user = "backup", location_password = Secret, backup_password = Secret,
        }))
        {
            Assert.Equal(HttpStatusCode.OK, validate.StatusCode);
        }
        using var adminApi = await PersonAsync(app, "ada", Roles.Admin);
        await adminApi.PostJsonAsync("/api/admin/users", new { userName = "carol", password = Secret, role = "operator" }, HttpStatusCode.Created);
        await adminApi.PostJsonAsync("/api/admin/users", new { userName = "dave", password = "short", role = "operator" }, HttpStatusCode.BadRequest);
        await adminApi.PostJsonAsync("/api/admin/tokens", new { name = "wall-noc", role = "viewer", expiresInDays = 90 }, HttpStatusCode.Created);
    }

    /// <summary>An API client signed in as a person (HTTP Basic), so that the audit reads as a team's would.</summary>
    private static async Task<HttpClient> PersonAsync(DashboardApp app, string name, string role)
    {
        var password = PasswordOf(name);
        await app.Get<UserStore>().CreateAsync(name, password, role, default);
        var client = app.CreateHttpClient();
        client.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{name}:{password}")));
        return client;
    }

    private static string PasswordOf(string name) => $"{name}-Audit-Passw0rd";
}
