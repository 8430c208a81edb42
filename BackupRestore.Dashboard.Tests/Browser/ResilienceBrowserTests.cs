using System.Net;
using System.Net.Sockets;
using BackupRestore.Dashboard.Features.Auth;
using BackupRestore.Dashboard.Tests.Infrastructure;
using BackupRestore.Simulator.Nsx;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BackupRestore.Dashboard.Tests.Browser;

/// <summary>
/// A live page left open: the server is killed and started again (restart or redeploy) and the page comes back by
/// itself; a user who is disabled, or idle too long, loses the page within the revalidation interval.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ResilienceBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    private const string AdminPassword = "Resilience-Test-Passw0rd!";
    private readonly string data = Path.Combine(Path.GetTempPath(), "brd-tests", "resilience-" + Guid.NewGuid().ToString("n"));
    private SimulatorHandle sim = default!;

    public async Task InitializeAsync() => sim = await SimulatorHandle.StartAsync();

    public async Task DisposeAsync()
    {
        await sim.DisposeAsync();
        DashboardAppCleanup.DeleteFolder(data);
    }

    [Fact]
    public async Task A_page_open_while_the_server_is_killed_and_restarted_comes_back_by_itself_with_what_changed()
    {
        var east = sim.AddNsx("east", NsxScenario.RunsToSuccess with { RestartAtStep = null });
        var port = FreePort();
        var server = await StartAsync(port);
        var page = await browser.NewPageAsync(server.Address);
        await page.GotoAsync("/login");
        await page.Locator("input[name=username]").FillAsync("admin");
        await page.Locator("input[name=password]").FillAsync(AdminPassword);
        await page.Locator("form.login-form button[type=submit]").ClickAsync();
        var step = page.Locator("tr.op-row td.cell-step");
        await Expect(step).ToContainTextAsync("2 of 11");

        await server.DisposeAsync();
        await Expect(page.Locator("#components-reconnect-modal")).ToContainTextAsync("Connection lost since");
        east.CompleteCurrentStep();
        await using var restarted = await StartAsync(port);

        // Nobody clicks: the page finds the server again, reloads, and shows the step reached meanwhile.
        await Expect(step).ToContainTextAsync("3 of 11", new() { Timeout = 20_000 });
        await Expect(page.Locator("#components-reconnect-modal")).ToBeHiddenAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_disabled_user_loses_the_live_page_within_the_revalidation_interval()
    {
        sim.AddNsx("east", NsxScenario.RunsToSuccess);
        await using var app = DashboardApp.Start([sim.TargetOptions("nsx", "east", TimeSpan.FromMilliseconds(300))],
            settings: new Dictionary<string, string?> { ["Auth:RevalidationInterval"] = "00:00:02" });
        var (user, password) = await app.UserAsync(Roles.Operator);
        var page = await browser.NewPageAsync(app.Address);
        await SignInAsync(page, user, password);
        await Expect(page.Locator("tr.op-row")).ToHaveCountAsync(1);

        var users = app.Get<UserStore>();
        await users.SetDisabledAsync((await users.FindAsync(user, default))!.Id, true, default);

        await page.WaitForURLAsync(url => url.Contains("/login", StringComparison.Ordinal), new() { Timeout = 15_000 });
        await Expect(page.Locator("form.login-form")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_idle_live_page_is_signed_out_after_the_idle_timeout()
    {
        sim.AddNsx("east", NsxScenario.RunsToSuccess);
        await using var app = DashboardApp.Start([sim.TargetOptions("nsx", "east", TimeSpan.FromMilliseconds(300))],
            settings: new Dictionary<string, string?> { ["Auth:RevalidationInterval"] = "00:00:01", ["Auth:IdleTimeout"] = "00:00:04" });
        var (user, password) = await app.UserAsync(Roles.Viewer);
        var page = await browser.NewPageAsync(app.Address);
        await SignInAsync(page, user, password);
        await Expect(page.Locator("tr.op-row")).ToHaveCountAsync(1);

        // Live updates keep arriving, but nobody touches the page: it is idle.
        await page.WaitForURLAsync(url => url.Contains("/login", StringComparison.Ordinal), new() { Timeout = 20_000 });
        await page.Context.CloseAsync();
    }

    private static async Task SignInAsync(IPage page, string user, string password)
    {
        await page.GotoAsync("/login");
        await page.Locator("input[name=username]").FillAsync(user);
        await page.Locator("input[name=password]").FillAsync(password);
        await page.Locator("form.login-form button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/login", StringComparison.Ordinal));
    }

    private Task<DashboardProcess> StartAsync(int port)
    {
        var environment = DashboardProcess.TargetEnvironment(0, sim.TargetOptions("nsx", "east", TimeSpan.FromMilliseconds(300)));
        environment["Data__Folder"] = data;
        environment["Auth__BootstrapAdmin__Password"] = AdminPassword;
        return DashboardProcess.StartAsync(environment, port);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
