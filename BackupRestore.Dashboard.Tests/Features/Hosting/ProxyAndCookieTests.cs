using System.Net;
using System.Text.RegularExpressions;
using BackupRestore.Dashboard.Features.Auth;
using BackupRestore.Dashboard.Tests.Infrastructure;
using BackupRestore.Simulator.Nsx;
using Microsoft.Extensions.Options;

namespace BackupRestore.Dashboard.Tests.Features.Hosting;

/// <summary>Forwarded client addresses and schemes from known proxies only; Secure cookies over HTTPS; HTTPS redirection.</summary>
public sealed partial class ProxyAndCookieTests : IAsyncLifetime
{
    private const string Client = "203.0.113.9";
    private SimulatorHandle sim = default!;

    public async Task InitializeAsync()
    {
        sim = await SimulatorHandle.StartAsync();
        sim.AddNsx("east", NsxScenario.RunsToSuccess);
    }

    public async Task DisposeAsync() => await sim.DisposeAsync();

    [Theory]
    [InlineData(true, Client)]
    [InlineData(false, "127.0.0.1")]
    public async Task X_forwarded_for_counts_only_from_a_configured_proxy(bool configured, string recorded)
    {
        await using var app = Start(configured ? new() { ["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1" } : []);
        await app.WaitForOperationAsync("east:cluster-restore");
        using var api = await app.ApiClientAsync(Roles.Operator);
        api.DefaultRequestHeaders.Add("X-Forwarded-For", Client);

        await api.PostJsonAsync("/api/operations/east:cluster-restore/actions/cancel", null, HttpStatusCode.Conflict);
        var entry = (await api.GetJsonAsync("/api/audit")).EnumerateArray().Single();

        Assert.Equal(recorded, entry.Text("clientAddress"));
    }

    [Fact]
    public async Task Behind_a_known_proxy_failures_are_counted_per_forwarded_address()
    {
        await using var app = Start(new() { ["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1", ["Auth:AddressSlowAfterFailures"] = "3" });
        using var attacker = new DashboardSession(app);
        await attacker.LoadAsync("/login");
        for (var i = 0; i < 3; i++)
        {
            using var failed = await attacker.PostFormAsync("/login", [new("username", $"guess-{i}"), new("password", "wrong-password-1")], forwardedFor: Client);
            Assert.Equal("/login?failed=1&returnUrl=%2F", failed.Headers.Location?.OriginalString);
        }
        var throttle = app.Get<SignInThrottle>();

        Assert.Equal(TimeSpan.FromMilliseconds(500), throttle.Check("anyone", Client).Delay);
        Assert.Equal(TimeSpan.Zero, throttle.Check("anyone", "198.51.100.4").Delay);
        Assert.Equal(TimeSpan.Zero, throttle.Check("anyone", "127.0.0.1").Delay);
    }

    [Theory]
    [InlineData("KnownProxies", "not-an-ip", "ForwardedHeaders:KnownProxies:0 'not-an-ip' is not an IP address")]
    [InlineData("KnownNetworks", "10.0.0.0/99", "ForwardedHeaders:KnownNetworks:0 '10.0.0.0/99' is not a network in CIDR form")]
    public void A_bad_proxy_setting_stops_the_start_naming_the_key(string list, string value, string message)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Start(new() { [$"ForwardedHeaders:{list}:0"] = value }));

        Assert.StartsWith(message, Assert.Single(error.Failures), StringComparison.Ordinal);
    }

    /// <remarks>
    /// With <c>Always</c> over plain HTTP only the auth cookie is Secure: the framework refuses to issue antiforgery
    /// tokens over plain HTTP with a Secure-only antiforgery cookie, so that one stays SameAsRequest.
    /// </remarks>
    [Theory]
    [InlineData(null, null, false, false)]
    [InlineData(null, "https", true, true)]
    [InlineData("Always", null, true, false)]
    [InlineData("Always", "https", true, true)]
    public async Task The_auth_and_antiforgery_cookies_are_secure_whenever_the_request_is_https(string? policy, string? forwardedProto, bool secure, bool antiforgerySecure)
    {
        var settings = new Dictionary<string, string?> { ["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1" };
        if (policy is not null)
        {
            settings["Auth:CookieSecure"] = policy;
        }
        await using var app = Start(settings);
        var (user, password) = await app.UserAsync(Roles.Viewer);
        using var browser = new DashboardSession(app);

        using var loginPage = await browser.GetAsync("/login", forwardedProto);
        await browser.LoadAsync("/login");
        using var signedIn = await browser.PostFormAsync("/login", [new("username", user), new("password", password), new("returnUrl", "/")], forwardedProto: forwardedProto);

        var antiforgery = loginPage.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));
        var auth = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("brd.auth=", StringComparison.Ordinal));
        Assert.Equal(antiforgerySecure, SecureAttribute().IsMatch(antiforgery));
        Assert.Equal(secure, SecureAttribute().IsMatch(auth));
        Assert.Contains("httponly", auth, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Only_same_as_request_or_always_are_accepted_for_cookie_security()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Start(new() { ["Auth:CookieSecure"] = "None" }));

        Assert.StartsWith("Auth:CookieSecure must be SameAsRequest", Assert.Single(error.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Https_redirect_sends_plain_requests_to_the_configured_https_port_and_leaves_https_ones_alone()
    {
        await using var app = Start(new() { ["Https:Redirect"] = "true", ["Https:Port"] = "8443", ["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1" });
        using var browser = new DashboardSession(app);

        using var plain = await browser.GetAsync("/login?x=1");
        using var viaTls = await browser.GetAsync("/login", forwardedProto: "https");

        Assert.Equal(HttpStatusCode.TemporaryRedirect, plain.StatusCode);
        Assert.Equal("https://127.0.0.1:8443/login?x=1", plain.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, viaTls.StatusCode);
    }

    private DashboardApp Start(Dictionary<string, string?> settings) =>
        DashboardApp.Start([sim.TargetOptions("nsx", "east")], new ManualTimeProvider(DateTimeOffset.UtcNow), settings);

    [GeneratedRegex(@";\s*secure(;|$)", RegexOptions.IgnoreCase)]
    private static partial Regex SecureAttribute();
}
