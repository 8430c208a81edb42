using BackupRestore.Dashboard.Features.Auth;
using BackupRestore.Dashboard.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace BackupRestore.Dashboard.Tests.Browser;

/// <summary>
/// The README's target page screenshot: the demo CBR vault as a new user sees it. It is written to
/// docs/screenshot-target.png only when BRD_SCREENSHOTS=1; otherwise the test still runs and checks the page, and the
/// picture goes to a temporary folder, so a plain <c>dotnet test</c> leaves the work tree as it was.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class TargetScreenshotTests(BrowserFixture browser)
{
    [Fact]
    [Trait("Category", Screenshots.Category)]
    public async Task The_demo_vault_page_shows_health_operations_and_backups_and_is_the_readme_screenshot()
    {
        await using var app = DashboardApp.StartDemo();
        var page = await browser.SignedInPageAsync(app, Roles.Operator);
        // Tall enough for the whole page: the navigation drawer is as high as the window, not the page.
        await page.SetViewportSizeAsync(1600, 1300);

        await page.GotoAsync("/targets/cbr-vault-prod");

        await Expect(page.Locator(".target-health [data-health=reachable]")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Expect(page.Locator("tr.backup-row")).ToHaveCountAsync(5);
        await Expect(page.Locator("tr.backup-row button[data-backup-action=restore]")).Not.ToHaveCountAsync(0);
        await Expect(page.Locator("[data-operation^='cbr-vault-prod:restore-']").First).ToBeVisibleAsync();
        // The router focuses the page title after navigation; the picture shows the page, not the focus ring.
        await page.Locator("h1").BlurAsync();
        var path = Screenshots.PathFor("screenshot-target.png");
        await page.ScreenshotAsync(new() { Path = path });

        Assert.True(new FileInfo(path).Length > 10_000, $"{path} looks empty.");
    }
}
