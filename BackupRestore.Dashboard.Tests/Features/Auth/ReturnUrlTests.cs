using System.Net;
using BackupRestore.Dashboard.Features.Auth;
using BackupRestore.Dashboard.Tests.Infrastructure;
using BackupRestore.Simulator.Nsx;

namespace BackupRestore.Dashboard.Tests.Features.Auth;

/// <summary>A return URL is followed only when it is local by the framework's rule; anything else goes to a safe page.</summary>
public sealed class ReturnUrlTests : IAsyncLifetime
{
    private SimulatorHandle sim = default!;
    private DashboardApp app = default!;

    public async Task InitializeAsync()
    {
        sim = await SimulatorHandle.StartAsync();
        sim.AddNsx("east", NsxScenario.SuspendsForUserAction);
        app = DashboardApp.Start([sim.TargetOptions("nsx", "east")], new ManualTimeProvider(DateTimeOffset.UtcNow));
        await app.WaitForOperationAsync("east:cluster-restore");
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        await sim.DisposeAsync();
    }

    [Theory]
    [InlineData("/\t/evil.example")]
    [InlineData("/\n/")]
    [InlineData("/\r\n/evil.example")]
    [InlineData("//evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("https://evil.example/")]
    [InlineData("~/targets")]
    [InlineData("")]
    public void Urls_that_are_not_local_fall_back(string url) => Assert.Equal("/fallback", AuthEndpoints.LocalOr(url, "/fallback"));

    [Theory]
    [InlineData("/")]
    [InlineData("/targets/east?status=failed")]
    [InlineData("/operations/east%3Acluster-restore#op-1")]
    public void Local_urls_are_kept(string url) => Assert.Equal(url, AuthEndpoints.LocalOr(url, "/fallback"));

    [Theory]
    [InlineData("/\t/evil.example")]
    [InlineData("/\n/")]
    [InlineData("//evil.example")]
    public async Task Sign_in_with_a_hostile_return_url_lands_on_the_home_page(string returnUrl)
    {
        var (user, password) = await app.UserAsync(Roles.Viewer);
        using var browser = new DashboardSession(app);
        await browser.LoadAsync("/login");

        using var failed = await browser.PostFormAsync("/login", [new("username", user), new("password", "wrong-password-1"), new("returnUrl", returnUrl)]);
        using var signedIn = await browser.PostFormAsync("/login", [new("username", user), new("password", password), new("returnUrl", returnUrl)]);

        Assert.Equal(HttpStatusCode.Redirect, failed.StatusCode);
        Assert.Equal("/login?failed=1&returnUrl=%2F", failed.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/", signedIn.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task The_login_page_never_puts_a_hostile_return_url_into_its_form()
    {
        using var browser = new DashboardSession(app);

        var page = await browser.LoadAsync("/login?returnUrl=%2F%09%2Fevil.example");

        Assert.Contains("name=\"returnUrl\" value=\"/\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("evil.example", page, StringComparison.Ordinal);
    }
}
