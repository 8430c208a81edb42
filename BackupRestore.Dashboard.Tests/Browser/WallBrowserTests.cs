using System.Net;
using System.Net.Sockets;
using BackupRestore.Dashboard.Features.Auth;
using BackupRestore.Dashboard.Tests.Infrastructure;
using BackupRestore.Simulator.Nsx;
using static Microsoft.Playwright.Assertions;

namespace BackupRestore.Dashboard.Tests.Browser;

/// <summary>The wall in Chromium: it survives a server restart by itself, and always fits the screen.</summary>
[Collection(BrowserCollection.Name)]
public sealed class WallBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    private const string AdminPassword = "Wall-Test-Passw0rd!";
    private readonly string data = Path.Combine(Path.GetTempPath(), "brd-tests", "wall-" + Guid.NewGuid().ToString("n"));
    private SimulatorHandle sim = default!;

    public async Task InitializeAsync() => sim = await SimulatorHandle.StartAsync();

    public async Task DisposeAsync()
    {
        await sim.DisposeAsync();
        DashboardAppCleanup.DeleteFolder(data);
    }

    [Fact]
    public async Task The_wall_recovers_by_itself_from_a_server_restart_and_shows_what_changed_meanwhile()
    {
        var east = sim.AddNsx("east", NsxScenario.RunsToSuccess with { RestartAtStep = null });
        var port = FreePort();
        var server = await StartAsync(port);
        var token = await ViewerTokenAsync(server);
        var context = await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1920, Height = 1080 } });
        var page = await context.NewPageAsync();

        await page.GotoAsync($"{server.Address}wall?token={token}");
        await Expect(page.Locator("#live-status")).ToHaveAttributeAsync("data-state", "live");
        Assert.DoesNotContain("token=", page.Url, StringComparison.Ordinal);
        var step = page.Locator("article[id='op-east:cluster-restore'] .step-count");
        await Expect(step).ToHaveTextAsync("Step 2 of 11");

        await server.StopAsync();
        await Expect(page.Locator("#connection-banner")).ToContainTextAsync("Connection lost since");
        east.CompleteCurrentStep();
        await using var restarted = await StartAsync(port);

        // Within 10 s of the server being back, with nobody touching the wall.
        await Expect(step).ToHaveTextAsync("Step 3 of 11", new() { Timeout = 10_000 });
        await Expect(page.Locator("#connection-banner")).ToBeHiddenAsync();
        await Expect(page.Locator("#live-status")).ToHaveAttributeAsync("data-state", "live");
        await context.CloseAsync();
        await server.DisposeAsync();
    }

    [Fact]
    public async Task Many_tiles_fit_a_1080p_screen_without_scrollbars_paging_by_themselves_when_too_small()
    {
        for (var i = 0; i < 40; i++)
        {
            sim.AddNsx($"nsx-{i:00}", NsxScenario.RunsToSuccess with { RestartAtStep = null });
        }
        await using var app = DashboardApp.Start(sim.Fleet.Targets.Select(t => sim.TargetOptions(t.System, t.Name, TimeSpan.FromSeconds(30))));
        var context = await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1920, Height = 1080 } });
        var page = await context.NewPageAsync();

        await page.GotoAsync($"{app.Address}wall?token={await app.TokenAsync(Roles.Viewer)}");
        await Expect(page.Locator("article.card")).ToHaveCountAsync(40);
        await Expect(page.Locator("#wall-page")).ToBeVisibleAsync();

        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollHeight <= window.innerHeight && document.documentElement.scrollWidth <= window.innerWidth"));
        var visible = await page.Locator("article.card:not(.off-page)").CountAsync();
        Assert.InRange(visible, 8, 39);
        var width = await page.Locator("article.card:not(.off-page)").First.EvaluateAsync<double>("e => e.getBoundingClientRect().width");
        Assert.True(width >= 350, $"tiles are {width}px wide");
        await Expect(page.Locator("#wall-page")).ToContainTextAsync("Page 1 of");
        await context.CloseAsync();
    }

    private Task<DashboardProcess> StartAsync(int port)
    {
        var environment = DashboardProcess.TargetEnvironment(0, sim.TargetOptions("nsx", "east", TimeSpan.FromMilliseconds(300)));
        environment["Data__Folder"] = data;
        environment["Auth__BootstrapAdmin__Password"] = AdminPassword;
        return DashboardProcess.StartAsync(environment, port);
    }

    private static async Task<string> ViewerTokenAsync(DashboardProcess server)
    {
        using var admin = new DashboardSession(server.Address);
        using var _ = await admin.SignInAsync("admin", AdminPassword);
        return await admin.CreateTokenAsync("wall-test", Roles.Viewer);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
