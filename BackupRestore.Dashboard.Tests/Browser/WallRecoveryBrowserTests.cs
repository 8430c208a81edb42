using System.Net;
using System.Net.Sockets;
using BackupRestore.Dashboard.Features.Auth;
using BackupRestore.Dashboard.Tests.Infrastructure;
using BackupRestore.Simulator.Nsx;
using static Microsoft.Playwright.Assertions;

namespace BackupRestore.Dashboard.Tests.Browser;

/// <summary>
/// A wall in a tab nobody ever shows survives a server that is killed, stays away for a minute (longer than a
/// browser's own retries last) and comes back on the same port with the same data: it shows what changed
/// meanwhile, by itself. Slow by nature (the minute); everything else about the wall is in WallBrowserTests.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class WallRecoveryBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    /// <summary>
    /// Headless Chromium reports every tab visible and has no DevTools command to hide one, so the wall's tab is made
    /// to answer as a background tab does (hidden, and never told it became visible): whatever waits for visibility
    /// would wait forever here.
    /// </summary>
    private const string NeverShown = """
        Object.defineProperty(Document.prototype, 'visibilityState', { configurable: true, get: () => 'hidden' });
        Object.defineProperty(Document.prototype, 'hidden', { configurable: true, get: () => true });
        document.addEventListener('visibilitychange', e => e.stopImmediatePropagation(), true);
        """;

    private static readonly TimeSpan Outage = TimeSpan.FromMinutes(1);
    private readonly string data = Path.Combine(Path.GetTempPath(), "brd-tests", "wall-" + Guid.NewGuid().ToString("n"));
    private SimulatorHandle sim = default!;

    public async Task InitializeAsync() => sim = await SimulatorHandle.StartAsync();

    public async Task DisposeAsync()
    {
        await sim.DisposeAsync();
        DashboardAppCleanup.DeleteFolder(data);
    }

    [Fact]
    public async Task A_wall_in_a_tab_never_shown_recovers_by_itself_from_a_minute_long_outage_and_shows_what_changed()
    {
        var east = sim.AddNsx("east", NsxScenario.RunsToSuccess with { RestartAtStep = null });
        var target = sim.TargetOptions("nsx", "east", TimeSpan.FromMilliseconds(300));
        string token;
        await using (var setup = DashboardApp.Start([target], settings: new Dictionary<string, string?> { ["Data:Folder"] = data }))
        {
            token = await setup.TokenAsync(Roles.Viewer); // in the data folder the process uses
        }
        var port = FreePort();
        var server = await StartAsync(port, target);
        var context = await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1920, Height = 1080 } });
        try
        {
            var wall = await context.NewPageAsync();
            await wall.AddInitScriptAsync(NeverShown);
            await wall.GotoAsync($"{server.Address}wall?token={token}");
            var front = await context.NewPageAsync();
            await front.GotoAsync("about:blank");
            await front.BringToFrontAsync();
            var step = wall.Locator("[id='tile-east:cluster-restore'] .tile-step");
            await Expect(step).ToContainTextAsync("Step 2 of 11", new() { Timeout = 15_000 });
            Assert.Equal("hidden", await wall.EvaluateAsync<string>("document.visibilityState"));

            var killedAt = DateTimeOffset.UtcNow;
            var triedAfterOutage = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            wall.RequestFailed += (_, request) =>
            {
                if (DateTimeOffset.UtcNow - killedAt >= Outage && request.Url.Contains("/_blazor", StringComparison.Ordinal))
                {
                    triedAfterOutage.TrySetResult();
                }
            };
            await server.DisposeAsync(); // killed, as a crash or a redeploy would
            await Expect(wall.Locator("#components-reconnect-modal")).ToContainTextAsync("Connection lost since", new() { Timeout = 15_000 });
            // Down for a minute: until the wall has been failing to reach it for that long.
            await triedAfterOutage.Task.WaitAsync(Outage * 2);
            await Expect(wall.Locator("#components-reconnect-modal")).ToBeVisibleAsync();
            east.CompleteCurrentStep();

            server = await StartAsync(port, target);

            await Expect(step).ToContainTextAsync("Step 3 of 11", new() { Timeout = 15_000 });
            await Expect(wall.Locator("#components-reconnect-modal")).ToBeHiddenAsync();
            Assert.Equal("hidden", await wall.EvaluateAsync<string>("document.visibilityState"));
            Assert.Equal("/wall", new Uri(wall.Url).AbsolutePath);
        }
        finally
        {
            await context.CloseAsync();
            await server.DisposeAsync();
        }
    }

    private Task<DashboardProcess> StartAsync(int port, BackupRestore.Dashboard.Features.Targets.TargetOptions target)
    {
        var environment = DashboardProcess.TargetEnvironment(0, target);
        environment["Data__Folder"] = data;
        environment["Auth__BootstrapAdmin__Password"] = DashboardApp.AdminPassword;
        return DashboardProcess.StartAsync(environment, port);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
