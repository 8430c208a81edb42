using BackupRestore.Dashboard.Features.Auth;
using BackupRestore.Dashboard.Tests.Features.ScaleOut;
using BackupRestore.Dashboard.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace BackupRestore.Dashboard.Tests.Browser;

/// <summary>Two instances on one PostgreSQL: a browser on B follows a target that A polls, live, without a reload.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ScaleOutBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    private ScaleOutCluster cluster = default!;

    public async Task InitializeAsync() => cluster = await ScaleOutCluster.StartAsync();

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    [Fact]
    public async Task A_browser_on_B_shows_a_change_polled_by_A_within_a_poll_plus_one_second()
    {
        await using var a = DashboardApp.Start(cluster.Targets(PollInterval), settings: cluster.Settings("a", fastLeases: true));
        await using var b = DashboardApp.Start(cluster.Targets(PollInterval), settings: cluster.Settings("b", fastLeases: true));
        var leases = await cluster.WaitForSplitAsync(TimeSpan.FromSeconds(30), "a", "b");
        var target = leases.First(l => l.Value == "a").Key;

        var page = await browser.SignedInPageAsync(b, Roles.Viewer);
        await page.GotoAsync("/");
        var state = OperationsBrowserTests.Row(page, target).Locator(".state-badge");
        await Expect(state).ToContainTextAsync("Idle");
        await page.EvaluateAsync("window.__sameDocument = true");

        cluster.StartRestore(target);

        // Within the poll interval plus one second of the backend change.
        await Expect(state).ToContainTextAsync("Running", new() { Timeout = (float)(PollInterval + TimeSpan.FromSeconds(1)).TotalMilliseconds });
        Assert.True(await page.EvaluateAsync<bool>("window.__sameDocument === true"));
    }
}
