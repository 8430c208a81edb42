using System.Net;
using BackupRestore.Dashboard.Features.Auth;
using BackupRestore.Dashboard.Tests.Infrastructure;
using BackupRestore.Simulator.Nsx;
using static Microsoft.Playwright.Assertions;

namespace BackupRestore.Dashboard.Tests.Browser;

/// <summary>The tokens page in Chromium: a viewer token and its wall link, shown once, copied, and working.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AdminBrowserTests(BrowserFixture browser)
{
    /// <summary>The first page of a fresh server builds its circuit: give it time on a busy machine.</summary>
    private static readonly Microsoft.Playwright.LocatorAssertionsToBeVisibleOptions FirstRender = new() { Timeout = 20_000 };

    [Fact]
    public async Task An_admin_creates_a_viewer_token_and_its_wall_link_is_shown_once()
    {
        await using var sim = await SimulatorHandle.StartAsync();
        sim.AddNsx("east", NsxScenario.RunsToSuccess);
        await using var app = DashboardApp.Start([sim.TargetOptions("nsx", "east")]);
        var page = await browser.SignedInPageAsync(app, Roles.Admin);
        await page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        await page.GotoAsync("/admin/tokens");
        await Expect(page.Locator("input[data-field=tokenName]")).ToBeVisibleAsync(FirstRender);

        await page.Locator("input[data-field=tokenName]").FillAsync("wall-noc");
        await page.Locator("#create-token-submit").ClickAsync();
        var token = (await page.Locator("#new-token").TextContentAsync())!;
        var link = $"{app.Address.ToString().TrimEnd('/')}/wall?token={token}";
        await Expect(page.Locator("#wall-link")).ToHaveTextAsync(link);
        await page.Locator("#copy-wall-link").ClickAsync();
        await Expect(page.Locator("#copy-note")).ToHaveTextAsync("The wall link is on the clipboard.");
        var copied = await page.EvaluateAsync<string>("navigator.clipboard.readText()");
        await Expect(page.Locator("tr[data-token=wall-noc] code")).ToHaveTextAsync($"{token[..10]}…");
        await page.Locator("#token-done").ClickAsync();
        await Expect(page.Locator("#new-token-panel")).ToHaveCountAsync(0);
        var afterDone = await page.ContentAsync();
        await page.ReloadAsync();
        await Expect(page.Locator("tr[data-token=wall-noc]")).ToHaveCountAsync(1);
        var afterReload = await page.ContentAsync();
        using var wall = app.CreateHttpClient(followRedirects: false);
        using var opened = await wall.GetAsync(new Uri(link));

        Assert.StartsWith(TokenStore.Prefix, token, StringComparison.Ordinal);
        Assert.Equal(link, copied);
        Assert.DoesNotContain(token, afterDone, StringComparison.Ordinal);
        Assert.DoesNotContain(token, afterReload, StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.Redirect, "/wall"), (opened.StatusCode, opened.Headers.Location!.OriginalString));
    }

    [Fact]
    public async Task An_operator_token_is_shown_without_a_wall_link()
    {
        await using var sim = await SimulatorHandle.StartAsync();
        sim.AddNsx("east", NsxScenario.RunsToSuccess);
        await using var app = DashboardApp.Start([sim.TargetOptions("nsx", "east")]);
        var page = await browser.SignedInPageAsync(app, Roles.Admin);
        await page.GotoAsync("/admin/tokens");
        await Expect(page.Locator("input[data-field=tokenName]")).ToBeVisibleAsync(FirstRender);

        await page.Locator("input[data-field=tokenName]").FillAsync("backup-script");
        await page.Locator("label:has(input[data-role=operator])").ClickAsync();
        await page.Locator("#create-token-submit").ClickAsync();

        await Expect(page.Locator("#new-token")).ToContainTextAsync(TokenStore.Prefix);
        await Expect(page.Locator("#no-wall-link")).ToBeVisibleAsync();
        await Expect(page.Locator("#wall-link")).ToHaveCountAsync(0);
    }
}
