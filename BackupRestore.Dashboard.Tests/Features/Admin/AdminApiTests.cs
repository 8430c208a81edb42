using System.Net;
using System.Text.Json;
using BackupRestore.Dashboard.Features.Auth;
using BackupRestore.Dashboard.Tests.Infrastructure;
using BackupRestore.Simulator.Nsx;

namespace BackupRestore.Dashboard.Tests.Features.Admin;

/// <summary>
/// What an admin does, through the JSON API (the pages call the same service): users and tokens, 201/400/404, every
/// change on the audit trail without a password, and the effect of each change on sign-in and access.
/// </summary>
public sealed class AdminApiTests : IAsyncLifetime
{
    private readonly ManualTimeProvider clock = new(DateTimeOffset.UtcNow);
    private SimulatorHandle sim = default!;
    private DashboardApp app = default!;
    private HttpClient admin = default!;

    public async Task InitializeAsync()
    {
        sim = await SimulatorHandle.StartAsync();
        sim.AddNsx("east", NsxScenario.RunsToSuccess);
        app = DashboardApp.Start([sim.TargetOptions("nsx", "east")], clock);
        admin = await app.ApiClientAsync(Roles.Admin);
    }

    public async Task DisposeAsync()
    {
        admin.Dispose();
        await app.DisposeAsync();
        await sim.DisposeAsync();
    }

    [Fact]
    public async Task An_admin_adds_a_user_changes_the_role_resets_the_password_and_disables_them()
    {
        var created = await admin.PostJsonAsync("/api/admin/users", new { userName = "carol", password = "Carol-Passw0rd-1", role = "operator" }, HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt64();
        using var carol = new DashboardSession(app);
        using var signedIn = await carol.SignInAsync("carol", "Carol-Passw0rd-1");
        using var asOperator = await carol.GetAsync("/audit");

        var demoted = await admin.PostJsonAsync($"/api/admin/users/{id}", new { role = "viewer" }, HttpStatusCode.OK);
        using var asViewer = await carol.GetAsync("/audit");
        await admin.PostJsonAsync($"/api/admin/users/{id}", new { password = "Carol-New-Passw0rd" }, HttpStatusCode.OK);
        using var oldPassword = await new DashboardSession(app).SignInAsync("carol", "Carol-Passw0rd-1");
        var disabled = await admin.PostJsonAsync($"/api/admin/users/{id}", new { disabled = true }, HttpStatusCode.OK);
        using var whileDisabled = await new DashboardSession(app).SignInAsync("carol", "Carol-New-Passw0rd");
        var listed = (await admin.GetJsonAsync("/api/admin/users")).EnumerateArray().Single(u => u.Text("userName") == "carol");

        Assert.Equal(("carol", "operator", false), (created.Text("userName"), created.Text("role"), created.GetProperty("disabled").GetBoolean()));
        Assert.Equal("/", signedIn.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, asOperator.StatusCode);
        Assert.Equal("viewer", demoted.Text("role"));
        // A role change replaces the security stamp: the demoted user's open session ends and they sign in again.
        Assert.Equal(HttpStatusCode.Found, asViewer.StatusCode);
        Assert.Contains("/login?ReturnUrl=", asViewer.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Contains("failed=1", oldPassword.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.True(disabled.GetProperty("disabled").GetBoolean());
        Assert.Contains("failed=1", whileDisabled.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.True(listed.GetProperty("disabled").GetBoolean());
        Assert.All(new[] { created, listed }, u => Assert.Equal(["id", "userName", "role", "disabled", "createdAt"], u.EnumerateObject().Select(p => p.Name)));
    }

    [Fact]
    public async Task Several_changes_in_one_call_apply_together_or_not_at_all()
    {
        var id = (await admin.PostJsonAsync("/api/admin/users", new { userName = "dave", password = "Dave-Passw0rd-12", role = "operator" }, HttpStatusCode.Created))
            .GetProperty("id").GetInt64();

        var refused = await admin.PostJsonAsync($"/api/admin/users/{id}", new { role = "viewer", password = "short", disabled = true }, HttpStatusCode.BadRequest);
        var dave = (await admin.GetJsonAsync("/api/admin/users")).EnumerateArray().Single(u => u.Text("userName") == "dave");
        var applied = await admin.PostJsonAsync($"/api/admin/users/{id}", new { role = "viewer", disabled = true }, HttpStatusCode.OK);

        Assert.Equal("A password has at least 12 characters.", refused.Text("error"));
        Assert.Equal(("operator", false), (dave.Text("role"), dave.GetProperty("disabled").GetBoolean()));
        Assert.Equal(("viewer", true), (applied.Text("role"), applied.GetProperty("disabled").GetBoolean()));
    }

    public static TheoryData<string, string> InvalidUsers => new()
    {
        { """{"userName":"carol","password":"short","role":"operator"}""", "A password has at least 12 characters." },
        { """{"userName":"carol","password":"Carol-Passw0rd-1","role":"root"}""", "Role 'root' does not exist. Use one of: viewer, operator, admin." },
        { """{"userName":"","password":"Carol-Passw0rd-1","role":"viewer"}""", "A user name has 1 to 64 characters and no ':'." },
        { """{"userName":"ADMIN","password":"Carol-Passw0rd-1","role":"viewer"}""", "A user named 'ADMIN' exists already." },
        { """{"userName":"carol","password":"Carol-Passw0rd-1"}""", "Role '' does not exist. Use one of: viewer, operator, admin." },
        { """{"userName":"carol","password":12,"role":"viewer"}""", "The request body is not the expected JSON (at $.password)" },
        { "not json", "The request body is not the expected JSON" },
        { "", "The request body is not the expected JSON" },
    };

    [Theory]
    [MemberData(nameof(InvalidUsers))]
    public async Task Invalid_input_is_a_400_with_the_reason_and_creates_nothing(string body, string reason)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await admin.PostAsync(new Uri("/api/admin/users", UriKind.Relative), content);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Text("error");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith(reason, error, StringComparison.Ordinal);
        Assert.Equal(["admin"], (await admin.GetJsonAsync("/api/admin/users")).EnumerateArray().Select(u => u.Text("userName")));
    }

    [Theory]
    [InlineData("""{"role":"viewer"}""")]
    [InlineData("""{"disabled":true}""")]
    public async Task The_last_enabled_admin_stays_one(string change)
    {
        var id = (await admin.GetJsonAsync("/api/admin/users")).EnumerateArray().Single(u => u.Text("userName") == "admin").GetProperty("id").GetInt64();

        using var content = new StringContent(change, System.Text.Encoding.UTF8, "application/json");
        using var response = await admin.PostAsync(new Uri($"/api/admin/users/{id}", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("last enabled admin", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var stored = await app.Get<UserStore>().FindAsync("admin", default);
        Assert.Equal((Roles.Admin, false), (stored!.Role, stored.Disabled));
    }

    [Fact]
    public async Task Unknown_ids_are_404_and_an_empty_change_is_400()
    {
        var user = await admin.PostJsonAsync("/api/admin/users/4242", new { role = "viewer" }, HttpStatusCode.NotFound);
        var token = await admin.PostJsonAsync("/api/admin/tokens/4242/revoke", null, HttpStatusCode.NotFound);
        var nothing = await admin.PostJsonAsync("/api/admin/users/1", new { }, HttpStatusCode.BadRequest);

        Assert.Equal("That user does not exist.", user.Text("error"));
        Assert.Equal("That token does not exist.", token.Text("error"));
        Assert.Equal("Nothing to change: give a role, a password or disabled.", nothing.Text("error"));
    }

    [Fact]
    public async Task A_viewer_token_is_shown_once_works_for_its_role_opens_a_wall_and_stops_working_when_revoked()
    {
        var created = await admin.PostJsonAsync("/api/admin/tokens", new { name = "wall-noc", role = "viewer", expiresInDays = 30 }, HttpStatusCode.Created);
        var token = created.Text("token");
        var listed = await admin.GetStringAsync(new Uri("/api/admin/tokens", UriKind.Relative));
        using var api = app.CreateHttpClient();
        api.DefaultRequestHeaders.Authorization = new("Bearer", token);
        using var read = await api.GetAsync(new Uri("/api/operations", UriKind.Relative));
        using var act = await api.PostAsync(new Uri("/api/operations/east:cluster-restore/actions/suspend", UriKind.Relative), null);
        using var browser = app.CreateHttpClient(followRedirects: false);
        using var wall = await browser.GetAsync(new Uri(created.Text("wallLink")));
        var revoked = await admin.PostJsonAsync($"/api/admin/tokens/{created.GetProperty("id").GetInt64()}/revoke", null, HttpStatusCode.OK);
        using var afterRevoke = await api.GetAsync(new Uri("/api/operations", UriKind.Relative));

        Assert.StartsWith("brd_", token, StringComparison.Ordinal);
        Assert.Equal(token[..10], created.Text("prefix"));
        Assert.Equal($"{app.Address.ToString().TrimEnd('/')}/wall?token={token}", created.Text("wallLink"));
        Assert.Equal(clock.GetUtcNow().AddDays(30).ToUnixTimeMilliseconds(), created.GetProperty("expiresAt").GetDateTimeOffset().ToUnixTimeMilliseconds());
        Assert.DoesNotContain(token, listed, StringComparison.Ordinal);
        Assert.Contains(token[..10], listed, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, act.StatusCode);
        Assert.Equal((HttpStatusCode.Redirect, "/wall"), (wall.StatusCode, wall.Headers.Location!.OriginalString));
        Assert.NotEqual(JsonValueKind.Null, revoked.GetProperty("revokedAt").ValueKind);
        Assert.Equal(HttpStatusCode.Unauthorized, afterRevoke.StatusCode);
    }

    [Fact]
    public async Task An_operator_token_works_for_actions_but_gets_no_wall_link_and_the_wall_refuses_it()
    {
        var created = await admin.PostJsonAsync("/api/admin/tokens", new { name = "script", role = "operator" }, HttpStatusCode.Created);
        using var browser = app.CreateHttpClient(followRedirects: false);
        using var wall = await browser.GetAsync(new Uri($"/wall?token={created.Text("token")}", UriKind.Relative));
        using var api = app.CreateHttpClient();
        api.DefaultRequestHeaders.Authorization = new("Bearer", created.Text("token"));
        using var audit = await api.GetAsync(new Uri("/api/audit", UriKind.Relative));

        Assert.Equal(JsonValueKind.Null, created.GetProperty("wallLink").ValueKind);
        Assert.Equal(JsonValueKind.Null, created.GetProperty("expiresAt").ValueKind);
        Assert.Equal(HttpStatusCode.Forbidden, wall.StatusCode);
        Assert.Equal(HttpStatusCode.OK, audit.StatusCode);
    }

    [Theory]
    [InlineData("""{"name":"","role":"viewer"}""", "A token needs a name of 1 to 64 characters.")]
    [InlineData("""{"name":"x","role":"root"}""", "Role 'root' does not exist. Use one of: viewer, operator, admin.")]
    [InlineData("""{"name":"x","role":"viewer","expiresInDays":0}""", "Expiry is a whole number of days from 1 to 3650, or empty for a token that never expires.")]
    [InlineData("""{"name":"x","role":"viewer","expiresInDays":1.5}""", "The request body is not the expected JSON (at $.expiresInDays)")]
    public async Task An_invalid_token_request_is_a_400_and_creates_nothing(string body, string reason)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await admin.PostAsync(new Uri("/api/admin/tokens", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith(reason, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Text("error"), StringComparison.Ordinal);
        // The admin client's own token is the only one.
        Assert.Single((await admin.GetJsonAsync("/api/admin/tokens")).EnumerateArray());
    }

    [Fact]
    public async Task Every_change_and_every_refusal_is_audited_with_who_and_never_a_password()
    {
        await admin.PostJsonAsync("/api/admin/users", new { userName = "erin", password = "Erin-Passw0rd-123", role = "viewer" }, HttpStatusCode.Created);
        await admin.PostJsonAsync("/api/admin/users", new { userName = "frank", password = "short-pw", role = "viewer" }, HttpStatusCode.BadRequest);
        var erin = (await admin.GetJsonAsync("/api/admin/users")).EnumerateArray().Single(u => u.Text("userName") == "erin").GetProperty("id").GetInt64();
        await admin.PostJsonAsync($"/api/admin/users/{erin}", new { password = "Erin-New-Passw0rd", role = "operator" }, HttpStatusCode.OK);
        var token = await admin.PostJsonAsync("/api/admin/tokens", new { name = "wall-1", role = "viewer" }, HttpStatusCode.Created);
        await admin.PostJsonAsync($"/api/admin/tokens/{token.GetProperty("id").GetInt64()}/revoke", null, HttpStatusCode.OK);

        var text = await admin.GetStringAsync(new Uri("/api/audit", UriKind.Relative));
        var entries = JsonDocument.Parse(text).RootElement.EnumerateArray().Reverse().ToList();

        Assert.Equal(["admin.user.create", "admin.user.create", "admin.user.change", "admin.token.create", "admin.token.revoke"], entries.Select(e => e.Text("action")));
        Assert.Equal(["succeeded", "refused", "succeeded", "succeeded", "succeeded"], entries.Select(e => e.Text("outcome")));
        Assert.Equal(["user:erin", "user:frank", "user:erin", "token:wall-1", "token:wall-1"], entries.Select(e => e.Text("target")));
        Assert.All(entries, e => Assert.Equal((Roles.Admin, "127.0.0.1"), (e.Text("role"), e.Text("clientAddress"))));
        Assert.All(entries, e => Assert.StartsWith("token:test-admin", e.Text("user"), StringComparison.Ordinal));
        Assert.Equal("A password has at least 12 characters.", entries[1].Text("detail"));
        Assert.Equal(("operator", "[removed]"), (entries[2].GetProperty("parameters").Text("role"), entries[2].GetProperty("parameters").Text("password")));
        foreach (var secret in new[] { "Erin-Passw0rd-123", "short-pw", "Erin-New-Passw0rd", token.Text("token") })
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
            Assert.DoesNotContain(app.Logs.Lines, l => l.Contains(secret, StringComparison.Ordinal));
        }
    }
}
