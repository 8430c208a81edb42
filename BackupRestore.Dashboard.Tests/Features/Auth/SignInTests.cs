using System.Net;
using BackupRestore.Dashboard.Features.Auth;
using BackupRestore.Dashboard.Tests.Infrastructure;
using BackupRestore.Simulator.Nsx;

namespace BackupRestore.Dashboard.Tests.Features.Auth;

/// <summary>Sign-in, lockout, sessions, tokens and response headers, against the running app on a test clock.</summary>
public sealed class SignInTests : IAsyncLifetime
{
    private readonly ManualTimeProvider clock = new(DateTimeOffset.UtcNow);
    private SimulatorHandle sim = default!;
    private DashboardApp app = default!;

    public async Task InitializeAsync()
    {
        sim = await SimulatorHandle.StartAsync();
        sim.AddNsx("east", NsxScenario.RunsToSuccess);
        // No slowing here (the delay runs on the test clock); slowing itself is checked in SignInThrottleTests.
        app = DashboardApp.Start([sim.TargetOptions("nsx", "east")], clock, new Dictionary<string, string?>
        {
            ["Auth:SlowAfterFailures"] = "100",
            ["Auth:AddressSlowAfterFailures"] = "100",
            ["Auth:LockAfterFailures"] = "4",
        });
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        await sim.DisposeAsync();
    }

    [Theory]
    [InlineData("/login")]
    [InlineData("/logout")]
    [InlineData("/admin/users")]
    [InlineData("/operations/east%3Acluster-restore")]
    public async Task A_post_without_the_antiforgery_token_is_refused(string path)
    {
        using var admin = await DashboardSession.SignInAsync(app, Roles.Admin);

        using var response = await admin.PostFormAsync(path, [new("username", "admin"), new("password", DashboardApp.AdminPassword), new("v", "1")], withToken: false);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(sim.ActionCalls("nsx", "east"));
    }

    [Fact]
    public async Task Repeated_failures_lock_the_user_out_even_with_the_right_password_until_the_lockout_ends()
    {
        var (user, password) = await app.UserAsync(Roles.Operator);
        using var browser = new DashboardSession(app);

        for (var i = 0; i < 4; i++)
        {
            using var failed = await browser.SignInAsync(user, "not-the-password");
            Assert.StartsWith("/login?", failed.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }
        using var locked = await browser.SignInAsync(user, password);
        clock.Advance(TimeSpan.FromMinutes(16));
        using var later = await browser.SignInAsync(user, password);

        Assert.Contains("locked=", locked.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal("/", later.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Failures_with_many_user_names_from_one_address_lock_no_user_at_that_address()
    {
        var (colleague, password) = await app.UserAsync(Roles.Operator);
        using var attacker = new DashboardSession(app);
        for (var i = 0; i < 8; i++)
        {
            using var _ = await attacker.SignInAsync($"guess-{i}", "wrong-password-123");
        }

        using var sameAddress = await new DashboardSession(app).SignInAsync(colleague, password);

        Assert.Equal("/", sameAddress.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Basic_auth_on_the_api_is_locked_out_too()
    {
        var (user, password) = await app.UserAsync(Roles.Viewer);
        using var http = app.CreateHttpClient();
        HttpStatusCode Call(string pw)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/operations");
            request.Headers.Authorization = new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{user}:{pw}")));
            return http.Send(request).StatusCode;
        }

        var first = Call(password);
        var failures = Enumerable.Range(0, 4).Select(_ => Call("wrong-password")).ToList();
        var afterLockout = Call(password);

        Assert.Equal(HttpStatusCode.OK, first);
        Assert.All(failures, s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.Equal(HttpStatusCode.Unauthorized, afterLockout);
        await Task.CompletedTask;
    }

    [Fact]
    public async Task Expired_and_revoked_tokens_are_refused()
    {
        var expiring = await app.TokenAsync(Roles.Viewer, clock.GetUtcNow().AddHours(1));
        var revocable = await app.TokenAsync(Roles.Viewer);
        using var http = app.CreateHttpClient();

        var beforeExpiry = await Get(http, expiring);
        clock.Advance(TimeSpan.FromHours(2));
        var afterExpiry = await Get(http, expiring);
        var beforeRevoke = await Get(http, revocable);
        var tokens = app.Get<TokenStore>();
        var row = (await tokens.ListAsync(default)).Single(t => revocable.StartsWith(t.Prefix, StringComparison.Ordinal) && t.RevokedAt is null && t.ExpiresAt is null);
        await tokens.RevokeAsync(row.Id, default);
        var afterRevoke = await Get(http, revocable);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.Unauthorized), (beforeExpiry, afterExpiry));
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.Unauthorized), (beforeRevoke, afterRevoke));
    }

    [Fact]
    public async Task An_idle_session_expires_and_an_active_one_does_not()
    {
        using var active = await DashboardSession.SignInAsync(app, Roles.Viewer);
        using var idle = await DashboardSession.SignInAsync(app, Roles.Viewer);

        for (var i = 0; i < 4; i++)
        {
            clock.Advance(TimeSpan.FromMinutes(20));
            using var keepAlive = await active.GetAsync("/targets");
            Assert.Equal(HttpStatusCode.OK, keepAlive.StatusCode);
        }
        using var expired = await idle.GetAsync("/targets");

        Assert.Equal(HttpStatusCode.Redirect, expired.StatusCode);
        Assert.StartsWith("/login", expired.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Disabling_a_user_ends_their_session_at_the_next_request_and_sign_out_ends_one_at_once()
    {
        var (user, password) = await app.UserAsync(Roles.Operator);
        using var session = new DashboardSession(app);
        using var _ = await session.SignInAsync(user, password);
        using var leaving = await DashboardSession.SignInAsync(app, Roles.Viewer);

        var users = app.Get<UserStore>();
        await users.SetDisabledAsync((await users.FindAsync(user, default))!.Id, true, default);
        using var afterDisable = await session.GetAsync("/");
        await leaving.LoadAsync();
        using var signOut = await leaving.PostFormAsync("/logout", []);
        using var afterSignOut = await leaving.GetAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, afterDisable.StatusCode);
        Assert.Equal("/login?signedOut=1", signOut.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, afterSignOut.StatusCode);
    }

    [Fact]
    public async Task Pages_carry_a_strict_content_security_policy_and_the_other_headers()
    {
        using var http = app.CreateHttpClient();

        using var response = await http.GetAsync("/login");
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        var script = csp.Split(';').Select(d => d.Trim()).Single(d => d.StartsWith("script-src", StringComparison.Ordinal));

        Assert.DoesNotContain("unsafe-inline", script, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", script, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("same-origin", response.Headers.GetValues("Referrer-Policy").Single());
    }

    private static async Task<HttpStatusCode> Get(HttpClient http, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/operations");
        request.Headers.Authorization = new("Bearer", token);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }
}
