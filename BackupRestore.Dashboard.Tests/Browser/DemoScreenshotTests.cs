using BackupRestore.Dashboard.Features.Auth;
using BackupRestore.Dashboard.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace BackupRestore.Dashboard.Tests.Browser;

/// <summary>What a new user sees: the demo fleet of all five systems, live. Also writes the README's screenshots.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DemoScreenshotTests(BrowserFixture browser)
{
    [Fact]
    public async Task The_default_run_shows_every_system_live_and_the_readme_screenshots_are_taken_from_it()
    {
        await using var app = DashboardApp.StartDemo();
        var page = await browser.SignedInPageAsync(app, Roles.Operator);

        await page.GotoAsync("/");
        await Expect(page.Locator("#live-status")).ToHaveAttributeAsync("data-state", "live");
        foreach (var system in new[] { "nsx", "vcenter", "geminidb", "cse", "cbr" })
        {
            await Expect(page.Locator($"article.card[data-system={system}]").First).ToBeVisibleAsync();
        }
        foreach (var state in new[] { "suspended", "failed", "running", "idle" })
        {
            await Expect(page.Locator($"article.card[data-state={state}]").First).ToBeVisibleAsync();
        }
        // What needs a human comes first.
        await Expect(page.Locator("article.card").First).ToHaveAttributeAsync("data-state", "suspended");

        Directory.CreateDirectory(RepositoryPaths.Docs);
        var fleet = Path.Combine(RepositoryPaths.Docs, "screenshot-fleet.png");
        await page.SetViewportSizeAsync(1600, 1000);
        await page.ScreenshotAsync(new() { Path = fleet, FullPage = true });

        await page.GotoAsync("/targets/cbr-vault-prod");
        await Expect(page.Locator("table.backups tbody tr")).ToHaveCountAsync(5);
        var target = Path.Combine(RepositoryPaths.Docs, "screenshot-target.png");
        await page.ScreenshotAsync(new() { Path = target, FullPage = true });

        var wallContext = await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1920, Height = 1080 } });
        var wallPage = await wallContext.NewPageAsync();
        await wallPage.GotoAsync($"{app.Address}wall?token={await app.TokenAsync(Roles.Viewer)}");
        await Expect(wallPage.Locator("#live-status")).ToHaveAttributeAsync("data-state", "live");
        await Expect(wallPage.Locator(".freshness").First).ToBeVisibleAsync();
        var wall = Path.Combine(RepositoryPaths.Docs, "screenshot-wall.png");
        await wallPage.ScreenshotAsync(new() { Path = wall });
        await wallContext.CloseAsync();

        Assert.True(new FileInfo(fleet).Length > 10_000);
        Assert.True(new FileInfo(target).Length > 10_000);
        Assert.True(new FileInfo(wall).Length > 10_000);
    }
}
