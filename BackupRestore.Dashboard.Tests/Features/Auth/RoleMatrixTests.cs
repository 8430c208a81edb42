using System.Net;
using BackupRestore.Dashboard.Features.Auth;
using BackupRestore.Dashboard.Tests.Infrastructure;
using BackupRestore.Simulator.Nsx;
using BackupRestore.Simulator.Vcenter;

namespace BackupRestore.Dashboard.Tests.Features.Auth;

/// <summary>Every page and action endpoint, for anonymous, viewer, operator and admin: the status each must get.</summary>
public sealed class RoleMatrixTests(RoleMatrixTests.Fixture fixture) : IClassFixture<RoleMatrixTests.Fixture>
{
    private const string Op = "/operations/east%3Acluster-restore";

    public enum Kind
    {
        Page,
        ApiGet,
        ApiPost,
    }

    // The actions are chosen so that none is offered now, and the admin calls so that none is valid: a permitted
    // caller gets the dashboard's refusal (409, 404 or 400) and nothing changes between cases. Pages are interactive
    // components; the server still answers their first request by the page's policy. What the removed forms did is
    // now an API call, listed here with the same expectations.
    private static readonly (Kind Kind, string Path, int Anonymous, int Viewer, int Operator, int Admin)[] Table =
    [
        (Kind.Page, "/", 302, 200, 200, 200),
        (Kind.Page, "/targets", 302, 200, 200, 200),
        (Kind.Page, "/targets/east", 302, 200, 200, 200),
        (Kind.Page, Op, 302, 200, 200, 200),
        (Kind.Page, "/audit", 302, 403, 200, 200),
        (Kind.Page, "/audit.csv", 302, 403, 200, 200),
        (Kind.Page, "/notifications", 302, 403, 200, 200),
        (Kind.Page, "/admin/users", 302, 403, 403, 200),
        (Kind.Page, "/admin/tokens", 302, 403, 403, 200),
        (Kind.Page, "/login", 200, 200, 200, 200),
        (Kind.ApiGet, "/api/operations", 401, 200, 200, 200),
        (Kind.ApiGet, "/api/operations/east:cluster-restore", 401, 200, 200, 200),
        (Kind.ApiGet, "/api/targets", 401, 200, 200, 200),
        (Kind.ApiGet, "/api/targets/east/backups", 401, 200, 200, 200),
        (Kind.ApiGet, "/api/audit", 401, 403, 200, 200),
        (Kind.ApiGet, "/api/notifications", 401, 403, 200, 200),
        (Kind.ApiGet, "/api/admin/users", 401, 403, 403, 200),
        (Kind.ApiGet, "/api/admin/tokens", 401, 403, 403, 200),
        (Kind.ApiPost, "/api/operations/east:cluster-restore/actions/cancel", 401, 403, 409, 409),
        (Kind.ApiPost, "/api/targets/east/backups/1/actions/start", 401, 403, 404, 404),
        (Kind.ApiPost, "/api/targets/vc/actions/create", 401, 403, 409, 409),
        (Kind.ApiPost, "/api/notifications/4242/resend", 401, 403, 404, 404),
        (Kind.ApiPost, "/api/admin/users", 401, 403, 403, 400),
        (Kind.ApiPost, "/api/admin/users/4242", 401, 403, 403, 400),
        (Kind.ApiPost, "/api/admin/tokens", 401, 403, 403, 400),
        (Kind.ApiPost, "/api/admin/tokens/4242/revoke", 401, 403, 403, 404),
    ];

    public static TheoryData<Kind, string, string, int> Cases()
    {
        var data = new TheoryData<Kind, string, string, int>();
        foreach (var (kind, path, anonymous, viewer, @operator, admin) in Table)
        {
            data.Add(kind, path, "anonymous", anonymous);
            data.Add(kind, path, Roles.Viewer, viewer);
            data.Add(kind, path, Roles.Operator, @operator);
            data.Add(kind, path, Roles.Admin, admin);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_role_gets_the_expected_status(Kind kind, string path, string role, int expected)
    {
        using var response = kind switch
        {
            Kind.Page => await fixture.Session(role).GetAsync(path),
            Kind.ApiGet => await fixture.Api(role).GetAsync(path),
            _ => await fixture.Api(role).PostAsync(path, null),
        };

        Assert.True((int)response.StatusCode == expected, $"{role} {kind} {path}: expected {expected}, got {(int)response.StatusCode}");
        if (expected == 302 && role == "anonymous")
        {
            Assert.StartsWith("/login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Nothing_that_was_refused_reached_a_backend()
    {
        var users = await fixture.App.Get<UserStore>().ListAsync(default);
        var activeTokens = (await fixture.App.Get<TokenStore>().ListAsync(default)).Count(t => t.RevokedAt is null);
        foreach (var (_, path, _, _, _, _) in Table.Where(t => t.Kind == Kind.ApiPost))
        {
            using var response = await fixture.Api(Roles.Viewer).PostAsync(path, null);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }

        Assert.Empty(fixture.Sim.ActionCalls("nsx", "east"));
        Assert.Empty(fixture.Sim.ActionCalls("vcenter", "vc"));
        Assert.Equal(users.Select(u => (u.UserName, u.Role, u.Disabled)), (await fixture.App.Get<UserStore>().ListAsync(default)).Select(u => (u.UserName, u.Role, u.Disabled)));
        Assert.Equal(activeTokens, (await fixture.App.Get<TokenStore>().ListAsync(default)).Count(t => t.RevokedAt is null));
    }

    public sealed class Fixture : IAsyncLifetime
    {
        private readonly Dictionary<string, DashboardSession> sessions = [];
        private readonly Dictionary<string, HttpClient> clients = [];

        public SimulatorHandle Sim { get; private set; } = default!;

        public DashboardApp App { get; private set; } = default!;

        public DashboardSession Session(string role) => sessions[role];

        public HttpClient Api(string role) => clients[role];

        public async Task InitializeAsync()
        {
            Sim = await SimulatorHandle.StartAsync();
            Sim.AddNsx("east", NsxScenario.RunsToSuccess);
            Sim.Fleet.AddVcenter("vc", VcenterScenario.Running);
            App = DashboardApp.Start([Sim.TargetOptions("nsx", "east"), Sim.TargetOptions("vcenter", "vc")], new ManualTimeProvider(DateTimeOffset.UtcNow));
            await App.WaitForOperationAsync("east:cluster-restore");
            await App.WaitForOperationAsync("vc:restore-job");
            sessions["anonymous"] = new DashboardSession(App);
            await sessions["anonymous"].LoadAsync("/login");
            clients["anonymous"] = App.CreateHttpClient(followRedirects: false);
            foreach (var role in Roles.All)
            {
                sessions[role] = await DashboardSession.SignInAsync(App, role);
                clients[role] = await App.ApiClientAsync(role);
            }
        }

        public async Task DisposeAsync()
        {
            foreach (var session in sessions.Values)
            {
                session.Dispose();
            }
            foreach (var client in clients.Values)
            {
                client.Dispose();
            }
            await App.DisposeAsync();
            await Sim.DisposeAsync();
        }
    }
}
