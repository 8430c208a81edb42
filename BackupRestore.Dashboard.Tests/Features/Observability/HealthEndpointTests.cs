using System.Net;
using System.Text.Json;
using BackupRestore.Dashboard.Features.Auth;
using BackupRestore.Dashboard.Tests.Infrastructure;
using BackupRestore.Simulator.Nsx;

namespace BackupRestore.Dashboard.Tests.Features.Observability;

/// <summary>/health/live and /health/ready: anonymous, the status only; an admin sees each check.</summary>
public sealed class HealthEndpointTests : IAsyncLifetime
{
    private SimulatorHandle sim = default!;

    public async Task InitializeAsync()
    {
        sim = await SimulatorHandle.StartAsync();
        sim.AddNsx("west", NsxScenario.SuspendsForUserAction);
    }

    public async Task DisposeAsync() => await sim.DisposeAsync();

    [Fact]
    public async Task Live_and_ready_answer_anonymous_callers_with_the_status_only()
    {
        await using var app = DashboardApp.Start([sim.TargetOptions("nsx", "west")], new ManualTimeProvider(DateTimeOffset.UtcNow));
        using var anonymous = app.CreateHttpClient(followRedirects: false);

        var (liveStatus, liveBody) = await GetAsync(anonymous, "/health/live");
        var (readyStatus, readyBody) = await GetAsync(anonymous, "/health/ready");

        Assert.Equal((HttpStatusCode.OK, "Healthy"), (liveStatus, liveBody));
        Assert.Equal((HttpStatusCode.OK, "Healthy"), (readyStatus, readyBody));
    }

    [Fact]
    public async Task A_viewer_gets_the_status_only_and_an_admin_gets_each_check_as_json()
    {
        await using var app = DashboardApp.Start([sim.TargetOptions("nsx", "west")], new ManualTimeProvider(DateTimeOffset.UtcNow));
        using var viewer = await DashboardSession.SignInAsync(app, Roles.Viewer);
        using var admin = await DashboardSession.SignInAsync(app, Roles.Admin);

        using var viewerAnswer = await viewer.GetAsync("/health/ready");
        using var adminAnswer = await admin.GetAsync("/health/ready");
        using var report = JsonDocument.Parse(await adminAnswer.Content.ReadAsStringAsync());
        var checks = report.RootElement.GetProperty("checks");

        Assert.Equal("Healthy", await viewerAnswer.Content.ReadAsStringAsync());
        Assert.Equal("application/json", adminAnswer.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Healthy", report.RootElement.Text("status"));
        Assert.Equal(["database", "pollers"], checks.EnumerateObject().Select(c => c.Name).Order());
        Assert.Equal("Healthy", checks.GetProperty("database").Text("status"));
        Assert.Equal("1 target poller(s) running.", checks.GetProperty("pollers").Text("description"));
    }

    [Fact]
    public async Task Ready_turns_503_when_postgres_stops_while_live_stays_200()
    {
        await using var postgres = await PostgresServer.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = "postgres",
            ["ConnectionStrings:Dashboard"] = postgres.ConnectionString("dashboard"),
        };
        await using var app = DashboardApp.Start([sim.TargetOptions("nsx", "west")], new ManualTimeProvider(DateTimeOffset.UtcNow), settings);
        using var anonymous = app.CreateHttpClient(followRedirects: false);
        var before = await GetAsync(anonymous, "/health/ready");

        postgres.Stop();
        var after = await GetAsync(anonymous, "/health/ready");
        var live = await GetAsync(anonymous, "/health/live");

        Assert.Equal((HttpStatusCode.OK, "Healthy"), before);
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "Unhealthy"), after);
        Assert.Equal((HttpStatusCode.OK, "Healthy"), live);
    }

    [Fact]
    public async Task With_scale_out_ready_needs_this_instances_leases_renewed()
    {
        await using var postgres = await PostgresServer.StartAsync();
        var time = new ManualTimeProvider(DateTimeOffset.UtcNow);
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = "postgres",
            ["ConnectionStrings:Dashboard"] = postgres.ConnectionString("dashboard"),
            ["ScaleOut:Enabled"] = "true",
        };
        await using var app = DashboardApp.Start([sim.TargetOptions("nsx", "west")], time, settings);
        await app.WaitForOperationAsync("west:cluster-restore");
        using var admin = await DashboardSession.SignInAsync(app, Roles.Admin);
        var before = await ChecksAsync(admin);

        // Renewals now fail while the database itself answers with every migration applied.
        await using (var connection = new Npgsql.NpgsqlConnection(postgres.ConnectionString("dashboard")))
        {
            await connection.OpenAsync();
            await using var drop = new Npgsql.NpgsqlCommand("DROP TABLE target_leases", connection);
            await drop.ExecuteNonQueryAsync();
        }
        time.Advance(TimeSpan.FromSeconds(11));
        var after = await ChecksAsync(admin);

        Assert.Equal(("Healthy", "Healthy"), (before.Status, before.Checks["leases"]));
        Assert.Equal(("Unhealthy", "Unhealthy", "Healthy"), (after.Status, after.Checks["leases"], after.Checks["database"]));
    }

    private static async Task<(string Status, Dictionary<string, string> Checks)> ChecksAsync(DashboardSession admin)
    {
        using var answer = await admin.GetAsync("/health/ready");
        using var report = JsonDocument.Parse(await answer.Content.ReadAsStringAsync());
        return (report.RootElement.Text("status"), report.RootElement.GetProperty("checks").EnumerateObject().ToDictionary(c => c.Name, c => c.Value.Text("status")));
    }

    private static async Task<(HttpStatusCode Status, string Body)> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
