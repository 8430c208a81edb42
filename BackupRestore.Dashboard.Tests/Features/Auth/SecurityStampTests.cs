using System.Net;
using System.Security.Claims;
using System.Text.RegularExpressions;
using BackupRestore.Dashboard.Features.Auth;
using BackupRestore.Dashboard.Features.Wall;
using BackupRestore.Dashboard.Tests.Infrastructure;
using BackupRestore.Simulator.Nsx;

namespace BackupRestore.Dashboard.Tests.Features.Auth;

/// <summary>A copied cookie stops working when its user signs out, changes password, is disabled or gets another role.</summary>
public sealed partial class SecurityStampTests : IAsyncLifetime
{
    private SimulatorHandle sim = default!;
    private DashboardApp app = default!;

    public async Task InitializeAsync()
    {
        sim = await SimulatorHandle.StartAsync();
        sim.AddNsx("east", NsxScenario.RunsToSuccess);
        app = DashboardApp.Start([sim.TargetOptions("nsx", "east")], new ManualTimeProvider(DateTimeOffset.UtcNow));
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        await sim.DisposeAsync();
    }

    [Fact]
    public async Task A_cookie_copied_before_sign_out_no_longer_opens_a_page()
    {
        var (user, password) = await app.UserAsync(Roles.Operator);
        var (cookie, csrf) = await SignInAsync(user, password);
        var before = await GetWithCookieAsync(cookie, "/targets");

        using var signOut = await PostWithCookieAsync(cookie, "/logout", csrf);
        var after = await GetWithCookieAsync(cookie, "/targets");
        var (fresh, _) = await SignInAsync(user, password);

        Assert.Equal(HttpStatusCode.OK, before);
        Assert.Equal("/login?signedOut=1", signOut.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, after);
        Assert.Equal(HttpStatusCode.OK, await GetWithCookieAsync(fresh, "/targets"));
    }

    [Theory]
    [InlineData("password")]
    [InlineData("disable")]
    [InlineData("role")]
    public async Task A_password_change_a_disable_or_a_role_change_ends_the_users_cookies(string change)
    {
        var (user, password) = await app.UserAsync(Roles.Operator);
        var (cookie, _) = await SignInAsync(user, password);
        var users = app.Get<UserStore>();
        var id = (await users.FindAsync(user, default))!.Id;
        var before = await GetWithCookieAsync(cookie, "/targets");

        await (change switch
        {
            "password" => users.SetPasswordAsync(id, "Another-Long-Passw0rd-9", default),
            "disable" => users.SetDisabledAsync(id, true, default),
            _ => users.SetRoleAsync(id, Roles.Viewer, default),
        });
        var after = await GetWithCookieAsync(cookie, "/targets");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.Redirect), (before, after));
    }

    [Fact]
    public async Task The_validator_for_live_connections_applies_the_same_rule_to_users_walls_and_tokens()
    {
        var validator = app.Get<PrincipalValidator>();
        var users = app.Get<UserStore>();
        var tokens = app.Get<TokenStore>();
        var (name, password) = await app.UserAsync(Roles.Operator);
        var row = (await users.VerifyAsync(name, password, default))!;
        var userPrincipal = SignIn.UserPrincipal(row, "test");
        var (tokenRow, _) = await tokens.CreateAsync("stamp-test", Roles.Viewer, null, "tests", default);
        var tokenId = new Claim(WallAccess.TokenIdClaim, tokenRow.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var tokenPrincipal = SignIn.Principal("token:stamp-test", Roles.Viewer, "test", PrincipalValidator.TokenKind, tokenId);
        var wallPrincipal = SignIn.Principal("wall:stamp-test", Roles.Viewer, "test", WallAccess.Kind, tokenId);
        var elevated = SignIn.Principal(name, Roles.Admin, "test", PrincipalValidator.UserKind, new Claim(PrincipalValidator.StampClaim, row.SecurityStamp));

        var valid = (await validator.IsStillValidAsync(userPrincipal, default), await validator.IsStillValidAsync(tokenPrincipal, default),
            await validator.IsStillValidAsync(wallPrincipal, default));
        var wrongRole = await validator.IsStillValidAsync(elevated, default);
        var noKind = await validator.IsStillValidAsync(new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, name)], "test")), default);
        await users.RotateStampAsync(name, default);
        await tokens.RevokeAsync(tokenRow.Id, default);
        var invalid = (await validator.IsStillValidAsync(userPrincipal, default), await validator.IsStillValidAsync(tokenPrincipal, default),
            await validator.IsStillValidAsync(wallPrincipal, default));

        Assert.Equal((true, true, true), valid);
        Assert.False(wrongRole);
        Assert.False(noKind);
        Assert.Equal((false, false, false), invalid);
    }

    /// <summary>Signs in like a browser; returns the cookies as a browser would send them, and a page's antiforgery token.</summary>
    private async Task<(string Cookie, string Csrf)> SignInAsync(string user, string password)
    {
        var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() };
        using var http = new HttpClient(handler) { BaseAddress = app.Address };
        var login = await http.GetStringAsync(new Uri("/login", UriKind.Relative));
        using var response = await http.PostAsync(new Uri("/login", UriKind.Relative), new FormUrlEncodedContent(
        [
            new("username", user), new("password", password), new("returnUrl", "/"), new("__RequestVerificationToken", Token(login)),
        ]));
        Assert.Equal("/", response.Headers.Location?.OriginalString);
        var cookie = string.Join("; ", handler.CookieContainer.GetCookies(app.Address).Select(c => $"{c.Name}={c.Value}"));
        Assert.Contains("brd.auth=", cookie, StringComparison.Ordinal);
        // The sign-in page is the one page whose HTML carries a form: its token is the signed-in user's.
        return (cookie, Token(await GetPageAsync(cookie, "/login")));
    }

    private async Task<HttpStatusCode> GetWithCookieAsync(string cookie, string path)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = app.Address };
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    private async Task<string> GetPageAsync(string cookie, string path)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = app.Address };
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        using var response = await http.SendAsync(request);
        return await response.Content.ReadAsStringAsync();
    }

    private async Task<HttpResponseMessage> PostWithCookieAsync(string cookie, string path, string csrf)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = app.Address };
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent([new("__RequestVerificationToken", csrf)]) };
        request.Headers.Add("Cookie", cookie);
        return await http.SendAsync(request);
    }

    private static string Token(string html) => Csrf().Match(html) is { Success: true } m ? m.Groups[1].Value + m.Groups[2].Value : "";

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]*)\"|type=\"hidden\" name=\"__RequestVerificationToken\" value=\"([^\"]*)\"")]
    private static partial Regex Csrf();
}
