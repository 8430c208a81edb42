using BackupRestore.Dashboard.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace BackupRestore.Dashboard.Tests.Browser;

/// <summary>What a new user sees: the demo fleet, live. Also writes the README's screenshot.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DemoScreenshotTests(BrowserFixture browser)
{
    [Fact]
    public async Task The_default_run_shows_the_demo_fleet_live_and_the_readme_screenshot_is_taken_from_it()
    {
        await using var app = DashboardApp.StartDemo();
        var page = await browser.NewPageAsync(app.Address);

        await page.GotoAsync("/");
        await Expect(page.Locator("#live-status")).ToHaveAttributeAsync("data-state", "live");
        await Expect(page.Locator("article.card")).ToHaveCountAsync(4);
        foreach (var state in new[] { "suspended", "failed", "running", "idle" })
        {
            await Expect(page.Locator($"article.card[data-state={state}]")).ToHaveCountAsync(1);
        }

        Directory.CreateDirectory(RepositoryPaths.Docs);
        var path = Path.Combine(RepositoryPaths.Docs, "screenshot-nsx.png");
        await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        Assert.True(new FileInfo(path).Length > 10_000);
    }
}
