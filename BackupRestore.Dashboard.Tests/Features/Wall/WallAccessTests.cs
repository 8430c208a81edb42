using BackupRestore.Dashboard.Features.Operations;
using System.Net;
using System.Security.Claims;
using BackupRestore.Dashboard.Features.Auth;
using BackupRestore.Dashboard.Features.Wall;
using BackupRestore.Dashboard.Tests.Infrastructure;
using BackupRestore.Simulator;
using BackupRestore.Simulator.Nsx;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BackupRestore.Dashboard.Tests.Features.Wall;

/// <summary>The wall link's token becomes a cookie, leaves the address bar, and stops working when revoked; staleness.</summary>
public sealed class WallAccessTests : IAsyncLifetime
{
    private readonly ManualTimeProvider clock = new(DateTimeOffset.UtcNow);
    private SimulatorHandle sim = default!;
    private DashboardApp app = default!;

    public async Task InitializeAsync()
    {
        sim = await SimulatorHandle.StartAsync();
        sim.AddNsx("east", NsxScenario.RunsToSuccess);
        app = DashboardApp.Start([sim.TargetOptions("nsx", "east", TimeSpan.FromSeconds(1))], clock);
        await app.WaitForOperationAsync("east:cluster-restore");
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        await sim.DisposeAsync();
    }

    [Fact]
    public async Task The_token_is_exchanged_for_a_cookie_and_dropped_from_the_address_keeping_the_filters()
    {
        var token = await app.TokenAsync(Roles.Viewer);
        using var wall = new DashboardSession(app);

        using var exchange = await wall.GetAsync($"/wall?token={token}&system=nsx&state=failed,running");
        var page = await wall.GetStringAsync(exchange.Headers.Location!.OriginalString);

        Assert.Equal(HttpStatusCode.Redirect, exchange.StatusCode);
        Assert.Equal("/wall?system=nsx&state=failed%2Crunning", exchange.Headers.Location.OriginalString);
        // The live page itself comes over its circuit (WallPageTests, WallBrowserTests): here, the document that starts it.
        Assert.Contains("_framework/blazor.web", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<form", page, StringComparison.Ordinal);
        Assert.DoesNotContain(token, page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Revoking_the_token_ends_the_walls_access_and_a_bad_token_gets_no_cookie()
    {
        var token = await app.TokenAsync(Roles.Viewer);
        using var wall = new DashboardSession(app);
        using var _ = await wall.GetAsync($"/wall?token={token}");
        using var before = await wall.GetAsync("/wall");

        var tokens = app.Get<TokenStore>();
        await tokens.RevokeAsync((await tokens.ListAsync(default)).Single(t => token.StartsWith(t.Prefix, StringComparison.Ordinal)).Id, default);
        using var after = await wall.GetAsync("/wall");
        var afterText = await after.Content.ReadAsStringAsync();
        using var again = await wall.GetAsync("/wall");
        using var stranger = await new DashboardSession(app).GetAsync("/wall");
        using var forged = await new DashboardSession(app).GetAsync("/wall?token=brd_not-a-real-token");

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        // The wall screen says why, rather than showing a sign-in form nobody will fill in; and no script asks again.
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Contains(WallAccess.RevokedText, afterText, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", afterText, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);
        // A browser that never was a wall goes to sign in as before.
        Assert.Equal(HttpStatusCode.Redirect, stranger.StatusCode);
        Assert.StartsWith("/login", stranger.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
    }

    [Theory]
    [InlineData(Roles.Operator)]
    [InlineData(Roles.Admin)]
    public async Task Only_a_viewer_token_opens_a_wall(string role)
    {
        var token = await app.TokenAsync(role);
        using var wall = new DashboardSession(app);

        using var exchange = await wall.GetAsync($"/wall?token={token}");
        var text = await exchange.Content.ReadAsStringAsync();
        using var afterwards = await wall.GetAsync("/wall");

        Assert.Equal(HttpStatusCode.Forbidden, exchange.StatusCode);
        Assert.Contains($"Only a viewer token can open a wall; this token has the role '{role}'", text, StringComparison.Ordinal);
        Assert.False(exchange.Headers.Contains("Set-Cookie"));
        Assert.Equal(HttpStatusCode.Redirect, afterwards.StatusCode);
    }

    [Fact]
    public async Task A_wall_cookie_opens_the_wall_and_nothing_else()
    {
        var token = await app.TokenAsync(Roles.Viewer);
        using var wall = new DashboardSession(app);
        using var _ = await wall.GetAsync($"/wall?token={token}");

        using var page = await wall.GetAsync("/wall");
        using var circuit = await wall.PostFormAsync("/_blazor/negotiate?negotiateVersion=1", [], withToken: false);
        using var home = await wall.GetAsync("/");
        using var targets = await wall.GetAsync("/targets");
        using var users = await wall.GetAsync("/admin/users");
        using var api = await wall.GetAsync("/api/operations");
        using var action = await wall.PostFormAsync("/api/operations/east:cluster-restore/actions/suspend", [new("v", "1")]);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(HttpStatusCode.OK, circuit.StatusCode); // the wall's live view is its circuit
        Assert.Equal(HttpStatusCode.Forbidden, home.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, targets.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, users.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.True(action.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden, $"An action from a wall cookie answered {action.StatusCode}.");
        Assert.Empty(sim.ActionCalls("nsx", "east"));
    }

    [Fact]
    public async Task Inside_its_circuit_a_wall_may_render_the_wall_page_and_no_other()
    {
        // The router renders a page on navigation without an HTTP request: each page's own [Authorize] data decide.
        var policies = app.Get<IAuthorizationPolicyProvider>();
        var authorization = app.Get<IAuthorizationService>();
        var wall = new ClaimsPrincipal(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.Name, "wall:lobby"), new Claim(ClaimTypes.Role, Roles.Viewer), new Claim(PrincipalValidator.KindClaim, WallAccess.Kind),
            new Claim(WallAccess.TokenIdClaim, "1"),
        ], CookieAuthenticationDefaults.AuthenticationScheme));
        var viewer = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, "victor"), new Claim(ClaimTypes.Role, Roles.Viewer), new Claim(PrincipalValidator.KindClaim, "user")],
            CookieAuthenticationDefaults.AuthenticationScheme));
        var pages = typeof(Program).Assembly.GetTypes()
            .Where(t => t.IsDefined(typeof(RouteAttribute), false) && !t.IsDefined(typeof(AllowAnonymousAttribute), true))
            .ToList();

        var allowed = new List<string>();
        var forViewer = new List<string>();
        foreach (var page in pages)
        {
            var policy = await AuthorizationPolicy.CombineAsync(policies, page.GetCustomAttributes(true).OfType<IAuthorizeData>());
            Assert.True(policy is not null, $"{page.Name} has no [Authorize]: a wall's circuit could render it.");
            if ((await authorization.AuthorizeAsync(wall, null, policy)).Succeeded)
            {
                allowed.Add(page.Name);
            }
            if ((await authorization.AuthorizeAsync(viewer, null, policy)).Succeeded)
            {
                forViewer.Add(page.Name);
            }
        }

        Assert.Equal([nameof(WallRoute)], allowed);
        Assert.Contains(nameof(OperationsPage), forViewer);
        Assert.Contains(nameof(WallRoute), forViewer);
    }

    [Fact]
    public async Task A_wall_cookie_issued_earlier_for_an_admin_token_stops_working()
    {
        // The cookie an older build issued: the token's own role, admin, in a wall cookie.
        var token = await app.TokenAsync(Roles.Admin);
        var tokens = app.Get<TokenStore>();
        var row = (await tokens.ListAsync(default)).Single(t => token.StartsWith(t.Prefix, StringComparison.Ordinal));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.Name, $"wall:{row.Name}"), new Claim(ClaimTypes.Role, Roles.Admin), new Claim("kind", WallAccess.Kind),
            new Claim(WallAccess.TokenIdClaim, row.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ], CookieAuthenticationDefaults.AuthenticationScheme));
        var cookies = app.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(CookieAuthenticationDefaults.AuthenticationScheme);
        var ticket = new AuthenticationTicket(principal, new AuthenticationProperties { IsPersistent = true, ExpiresUtc = DateTimeOffset.UtcNow.AddDays(365) }, CookieAuthenticationDefaults.AuthenticationScheme);
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = app.Address };
        http.DefaultRequestHeaders.Add("Cookie", $"{cookies.Cookie.Name}={cookies.TicketDataFormat.Protect(ticket)}");

        using var wall = await http.GetAsync(new Uri("/wall", UriKind.Relative));
        using var users = await http.GetAsync(new Uri("/admin/users", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, wall.StatusCode);
        Assert.StartsWith("/login", wall.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.NotEqual(HttpStatusCode.OK, users.StatusCode);
    }

    [Fact]
    public async Task A_target_not_read_for_three_intervals_turns_stale_and_fresh_again_when_it_answers()
    {
        await using var watcher = await app.ListenAsync();
        await sim.SetFaultAsync("nsx", "east", SimFaultKind.ServerError);

        clock.Advance(TimeSpan.FromSeconds(1));
        var degraded = await watcher.WaitForAsync(f => f.TargetIssue is not null);
        clock.Advance(TimeSpan.FromSeconds(1));
        clock.Advance(TimeSpan.FromSeconds(1));
        var stale = await watcher.WaitForAsync(f => f.Stale && f.State == OperationState.Running);
        (await sim.Control.DeleteAsync(new Uri(sim.Running.Address, "/_sim/nsx/east/fault"))).EnsureSuccessStatusCode();
        clock.Advance(TimeSpan.FromMinutes(3));
        var fresh = await watcher.WaitForAsync(f => f.Version > stale.Version && !f.Stale && f.TargetIssue is null);

        Assert.False(degraded.Stale);
        Assert.True(stale.Stale);
        Assert.Equal(2, fresh.Step?.Number);
    }
}
