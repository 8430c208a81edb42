using BackupRestore.Dashboard.Features.Auth;
using BackupRestore.Dashboard.Tests.Infrastructure;
using BackupRestore.Simulator.Nsx;

namespace BackupRestore.Dashboard.Tests.Browser;

/// <summary>Sign-out in Chromium: the cookie a browser held before signing out opens nothing afterwards.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SignOutBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    private SimulatorHandle sim = default!;
    private DashboardApp app = default!;

    public async Task InitializeAsync()
    {
        sim = await SimulatorHandle.StartAsync();
        sim.AddNsx("east", NsxScenario.RunsToSuccess);
        app = DashboardApp.Start([sim.TargetOptions("nsx", "east")]);
        await app.WaitForOperationAsync("east:cluster-restore");
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        await sim.DisposeAsync();
    }

    [Fact]
    public async Task A_cookie_copied_before_sign_out_no_longer_opens_a_page_in_another_browser()
    {
        var page = await browser.SignedInPageAsync(app, Roles.Operator);
        await page.GotoAsync("/targets");
        var copied = await page.Context.CookiesAsync();

        await page.Locator("header form[action='/logout'] button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/login?signedOut=1", StringComparison.Ordinal));
        var other = await browser.NewPageAsync(app.Address);
        await other.Context.AddCookiesAsync(copied.Select(c => new Microsoft.Playwright.Cookie
        {
            Name = c.Name, Value = c.Value, Domain = c.Domain, Path = c.Path, HttpOnly = c.HttpOnly, Secure = c.Secure, SameSite = c.SameSite,
        }));
        await other.GotoAsync("/targets");

        Assert.Contains(copied, c => c.Name == "brd.auth");
        Assert.StartsWith("/login", new Uri(other.Url).PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(0, await other.Locator("header form[action='/logout']").CountAsync());
    }
}
