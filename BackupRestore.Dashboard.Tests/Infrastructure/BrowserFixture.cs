using Microsoft.Playwright;

namespace BackupRestore.Dashboard.Tests.Infrastructure;

/// <summary>One Playwright driver and one Chromium for all browser tests (a launch costs about a second).</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? playwright;

    public IBrowser Browser { get; private set; } = default!;

    /// <summary>Errors and warnings the pages logged; tests print them when they fail.</summary>
    public System.Collections.Concurrent.ConcurrentBag<string> ConsoleErrors { get; } = [];

    public async Task InitializeAsync()
    {
        // A circuit's first render includes JIT and MudBlazor's first use: on two busy cores it can take seconds.
        Assertions.SetDefaultExpectTimeout(15_000);
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium.ExecutablePath,
            Headless = true,
            Args = Chromium.Args,
        });
    }

    public async Task<IPage> NewPageAsync(Uri baseUrl)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl.ToString(),
            ViewportSize = new ViewportSize { Width = 1400, Height = 1000 },
        });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                ConsoleErrors.Add($"{message.Type}: {message.Text}");
            }
        };
        page.PageError += (_, error) => ConsoleErrors.Add($"page error: {error}");
        return page;
    }

    /// <summary>A page signed in (through the login form) as a new user with <paramref name="role"/>.</summary>
    public async Task<IPage> SignedInPageAsync(DashboardApp app, string role)
    {
        var page = await NewPageAsync(app.Address);
        await SignInAsync(page, app, role);
        return page;
    }

    /// <summary>Signs <paramref name="page"/> in through the login form, as a new user with <paramref name="role"/>.</summary>
    public static async Task SignInAsync(IPage page, DashboardApp app, string role)
    {
        var (user, password) = await app.UserAsync(role);
        await page.GotoAsync("/login");
        await page.Locator("input[name=username]").FillAsync(user);
        await page.Locator("input[name=password]").FillAsync(password);
        await page.Locator("form.login-form button[type=submit]").ClickAsync();
        // Signed in once the redirect away from /login commits (its response set the cookie); the tests wait for what
        // they look at. Waiting for the main page's load event as well timed out in CI, the network already at rest.
        await page.WaitForURLAsync(url => !url.Contains("/login", StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.Commit });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }
        playwright?.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
