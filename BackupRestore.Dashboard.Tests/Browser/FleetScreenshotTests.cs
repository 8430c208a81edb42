using BackupRestore.Dashboard.Features.Auth;
using BackupRestore.Dashboard.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BackupRestore.Dashboard.Tests.Browser;

/// <summary>
/// The README's main page as a new user sees the demo: light, then dark (chosen in the app bar and still dark after a
/// reload), and the suspended NSX card on its own. Written to docs/ only with BRD_SCREENSHOTS=1; otherwise the test
/// still checks the page and the pictures go to a temporary folder.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class FleetScreenshotTests(BrowserFixture browser)
{
    private const string SuspendedCard = "[data-operation='nsx-west-02:cluster-restore']";

    [Fact]
    [Trait("Category", Screenshots.Category)]
    public async Task The_demo_fleet_reads_well_in_light_and_dark_and_the_dark_choice_is_remembered()
    {
        await using var app = DashboardApp.StartDemo();
        var page = await browser.SignedInPageAsync(app, Roles.Operator);
        // Tall enough for the expanded card and the grid under it.
        await page.SetViewportSizeAsync(1600, 1500);

        await ReadyAsync(page);
        await ShootAsync(page, "screenshot-fleet.png");
        var card = page.Locator(SuspendedCard);
        await card.ScrollIntoViewIfNeededAsync();
        await ShootAsync(card, "screenshot-nsx-card.png");
        var light = await BackgroundLuminanceAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "Theme" }).ClickAsync();
        await page.Locator("[data-theme=dark]").ClickAsync();
        await Expect(page.Locator("body")).Not.ToHaveCSSAsync("background-color", "rgb(255, 255, 255)");
        await page.ReloadAsync();
        await ReadyAsync(page);
        var dark = await BackgroundLuminanceAsync(page);
        await ShootAsync(page, "screenshot-fleet-dark.png");

        Assert.True(light > 0.8, $"The light theme's background has luminance {light}.");
        Assert.True(dark < 0.2, $"After a reload the dark theme's background has luminance {dark}: the choice was not remembered.");
    }

    /// <summary>The demo's live page: the demo label, counts, the grid, and what needs a human expanded as full cards.</summary>
    private static async Task ReadyAsync(IPage page)
    {
        await Expect(page.Locator("#demo-marker")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Expect(page.Locator(".state-counts [data-state=suspended]")).Not.ToHaveAttributeAsync("data-count", "0");
        await Expect(page.Locator("td.cell-expand").First).ToBeVisibleAsync();
        await Expect(page.Locator($"{SuspendedCard} .resources input[type=checkbox]").First).ToBeVisibleAsync();
        // The router focuses the page title after navigation; the picture shows the page, not the focus ring.
        await page.Locator("h1").First.BlurAsync();
    }

    private static async Task<double> BackgroundLuminanceAsync(IPage page) => await page.EvaluateAsync<double>("""
        () => {
            const [r, g, b] = getComputedStyle(document.body).backgroundColor.match(/\d+/g).map(Number);
            return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
        }
        """);

    private static async Task ShootAsync(IPage page, string name)
    {
        var path = Screenshots.PathFor(name);
        await page.ScreenshotAsync(new() { Path = path });
        Assert.True(new FileInfo(path).Length > 10_000, $"{path} looks empty.");
    }

    private static async Task ShootAsync(ILocator element, string name)
    {
        var path = Screenshots.PathFor(name);
        await element.ScreenshotAsync(new() { Path = path });
        Assert.True(new FileInfo(path).Length > 5_000, $"{path} looks empty.");
    }
}
