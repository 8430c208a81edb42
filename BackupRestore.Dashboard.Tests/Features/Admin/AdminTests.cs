using System.Net;
using System.Text.RegularExpressions;
using BackupRestore.Dashboard.Features.Auth;
using BackupRestore.Dashboard.Tests.Infrastructure;
using BackupRestore.Simulator.Nsx;

namespace BackupRestore.Dashboard.Tests.Features.Admin;

/// <summary>What an admin does at /admin/users and /admin/tokens, through the forms.</summary>
public sealed partial class AdminTests : IAsyncLifetime
{
    private SimulatorHandle sim = default!;
    private DashboardApp app = default!;
    private DashboardSession admin = default!;

    public async Task InitializeAsync()
    {
        sim = await SimulatorHandle.StartAsync();
        sim.AddNsx("east", NsxScenario.RunsToSuccess);
        app = DashboardApp.Start([sim.TargetOptions("nsx", "east")], new ManualTimeProvider(DateTimeOffset.UtcNow));
        admin = new DashboardSession(app);
        using var _ = await admin.SignInAsync("admin", DashboardApp.AdminPassword);
        await admin.LoadAsync("/admin/users");
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
        await Post("/admin/users", ("username", "carol"), ("password", "Carol-Passw0rd-1"), ("role", "operator"));
        using var carol = new DashboardSession(app);
        using var signedIn = await carol.SignInAsync("carol", "Carol-Passw0rd-1");
        var id = UserId().Match(await admin.GetStringAsync("/admin/users")).Groups[1].Value;

        await Post($"/admin/users/{id}/role", ("role", "viewer"));
        using var asViewer = await carol.GetAsync("/audit");
        await Post($"/admin/users/{id}/password", ("password", "Carol-New-Passw0rd"));
        using var oldPassword = await new DashboardSession(app).SignInAsync("carol", "Carol-Passw0rd-1");
        await Post($"/admin/users/{id}/disabled", ("disabled", "true"));
        using var disabled = await new DashboardSession(app).SignInAsync("carol", "Carol-New-Passw0rd");

        Assert.Equal("/", signedIn.Headers.Location!.OriginalString);
        // A role change ends the user's sessions (security stamp): they sign in again under the new role.
        Assert.Equal(HttpStatusCode.Redirect, asViewer.StatusCode);
        Assert.StartsWith("/login", asViewer.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Contains("failed=1", oldPassword.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Contains("failed=1", disabled.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_last_admin_cannot_be_demoted_or_disabled()
    {
        var id = AdminId().Match(await admin.GetStringAsync("/admin/users")).Groups[1].Value;

        var page = await Post($"/admin/users/{id}/role", ("role", "viewer"));

        Assert.Contains("last enabled admin", page, StringComparison.Ordinal);
        Assert.Equal(Roles.Admin, (await app.Get<UserStore>().FindAsync("admin", default))!.Role);
    }

    [Fact]
    public async Task A_token_is_shown_once_works_for_its_role_and_stops_working_when_revoked()
    {
        var page = await Post("/admin/tokens", ("name", "wall-noc"), ("role", "viewer"), ("expiresInDays", ""));
        var token = NewToken().Match(page).Groups[1].Value;
        var again = await admin.GetStringAsync("/admin/tokens");
        using var api = app.CreateHttpClient();
        api.DefaultRequestHeaders.Authorization = new("Bearer", token);
        using var read = await api.GetAsync("/api/operations");
        using var act = await api.PostAsync("/api/operations/east:cluster-restore/actions/suspend", null);
        var id = TokenId().Match(again).Groups[1].Value;
        await Post($"/admin/tokens/{id}/revoke");
        using var revoked = await api.GetAsync("/api/operations");

        Assert.StartsWith("brd_", token, StringComparison.Ordinal);
        Assert.DoesNotContain(token, again, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, act.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, revoked.StatusCode);
    }

    private async Task<string> Post(string path, params (string Key, string Value)[] fields)
    {
        await admin.LoadAsync(path.StartsWith("/admin/tokens", StringComparison.Ordinal) ? "/admin/tokens" : "/admin/users");
        using var response = await admin.PostFormAsync(path, fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return await admin.GetStringAsync(response.Headers.Location!.OriginalString);
    }

    [GeneratedRegex("""data-user="carol">(?:.|\n)*?action="/admin/users/(\d+)/role""")]
    private static partial Regex UserId();

    [GeneratedRegex("""data-user="admin">(?:.|\n)*?action="/admin/users/(\d+)/role""")]
    private static partial Regex AdminId();

    [GeneratedRegex("""id="new-token">([^<]+)<""")]
    private static partial Regex NewToken();

    [GeneratedRegex("""data-token="wall-noc">(?:.|\n)*?action="/admin/tokens/(\d+)/revoke""")]
    private static partial Regex TokenId();
}
