using System.Net;
using System.Net.Http.Headers;
using BackupRestore.Dashboard.Features.Auth;
using BackupRestore.Dashboard.Tests.Infrastructure;
using BackupRestore.Simulator.Nsx;
using Microsoft.Extensions.Options;

namespace BackupRestore.Dashboard.Tests.Features.Observability;

/// <summary>/metrics: only when configured, only with the scrape token, and its series follow what the dashboard does.</summary>
[Collection(TelemetryCollection.Name)]
public sealed class MetricsEndpointTests : IAsyncLifetime
{
    private const string Token = "scrape-token-0123456789abcdef";
    private const string Operation = "west:cluster-restore";
    private SimulatorHandle sim = default!;

    public async Task InitializeAsync()
    {
        sim = await SimulatorHandle.StartAsync();
        sim.AddNsx("west", NsxScenario.SuspendsForUserAction);
    }

    public async Task DisposeAsync() => await sim.DisposeAsync();

    [Fact]
    public async Task Without_a_token_or_management_urls_there_is_no_metrics_endpoint()
    {
        await using var app = DashboardApp.Start([sim.TargetOptions("nsx", "west")], new ManualTimeProvider(DateTimeOffset.UtcNow));
        using var admin = await app.ApiClientAsync(Roles.Admin);

        using var response = await admin.GetAsync(new Uri("/metrics", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_scrape_without_the_token_is_refused_and_with_it_lists_the_dashboards_series()
    {
        await using var app = Start();
        await app.WaitForOperationAsync(Operation);
        using var client = app.CreateHttpClient(followRedirects: false);

        using var anonymous = await client.GetAsync(new Uri("/metrics", UriKind.Relative));
        using var wrong = new HttpRequestMessage(HttpMethod.Get, new Uri("/metrics", UriKind.Relative));
        wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token + "x");
        using var wrongAnswer = await client.SendAsync(wrong);
        var scrape = await Scrape.TakeAsync(client, Token);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongAnswer.StatusCode);
        Assert.Equal(1, scrape.Value("backuprestore_operations", ("system", "nsx"), ("target", "west"), ("state", "suspended")));
        Assert.Equal(1, scrape.Value("backuprestore_target_reachable", ("target", "west")));
        Assert.True(scrape.Value("backuprestore_poll_duration_seconds_count", ("target", "west")) >= 1, scrape.Text);
        Assert.Contains(scrape.Names, n => n.StartsWith("http_server_request_duration_seconds", StringComparison.Ordinal));
        Assert.Contains(scrape.Names, n => n.StartsWith("dotnet_gc_", StringComparison.Ordinal));
        // Never an operation id or a message in a label.
        Assert.DoesNotContain("cluster-restore", scrape.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cancel_moves_the_action_transition_poll_and_operation_series_by_exactly_its_share()
    {
        await using var app = Start();
        await app.WaitForOperationAsync(Operation);
        using var client = app.CreateHttpClient();
        using var api = await app.ApiClientAsync(Roles.Operator);
        var before = await Scrape.TakeAsync(client, Token);

        await api.PostJsonAsync($"/api/operations/{Operation}/actions/cancel", null, HttpStatusCode.OK);
        // No page is open: the render series follow what live components report, whoever they are.
        app.Renders.OperationRendered();
        app.Renders.OperationRendered();
        app.Renders.SummaryRendered();
        var after = await Scrape.TakeAsync(client, Token);

        double Moved(string name, params (string, string)[] labels) => after.Value(name, labels) - before.Value(name, labels);
        Assert.Equal(1, Moved("backuprestore_actions_total", ("system", "nsx"), ("action", "cancel"), ("outcome", "succeeded")));
        Assert.Equal(1, Moved("backuprestore_actions_total"));
        Assert.Equal(1, Moved("backuprestore_action_duration_seconds_count", ("action", "cancel")));
        Assert.Equal(1, Moved("backuprestore_operation_transitions_total", ("system", "nsx"), ("kind", "restore"), ("state", "cancelled")));
        Assert.Equal(1, Moved("backuprestore_operation_transitions_total"));
        // The action reads the target before sending and again after: two polls, no more (the test clock stands still).
        Assert.Equal(2, Moved("backuprestore_poll_duration_seconds_count", ("target", "west")));
        Assert.Equal(-1, Moved("backuprestore_operations", ("state", "suspended")));
        Assert.Equal(1, Moved("backuprestore_operations", ("kind", "restore"), ("state", "cancelled")));
        // Renders per change: the two series a dashboard divides.
        Assert.Equal(1, Moved("backuprestore_live_changes_total"));
        Assert.Equal((2, 1), (Moved("backuprestore_live_renders_total", ("kind", "operation")), Moved("backuprestore_live_renders_total", ("kind", "summary"))));
    }

    [Fact]
    public async Task A_failing_target_counts_poll_failures_by_error_kind_and_reads_unreachable()
    {
        await using var app = Start();
        await app.WaitForOperationAsync(Operation);
        using var client = app.CreateHttpClient();
        await sim.SetFaultAsync("nsx", "west", BackupRestore.Simulator.SimFaultKind.HtmlErrorPage);
        var before = await Scrape.TakeAsync(client, Token);

        await app.Get<BackupRestore.Dashboard.Features.Polling.TargetPollers>().Find("west")!.PollOnceAsync(default);
        var after = await Scrape.TakeAsync(client, Token);

        var failures = after.LabelsOf("backuprestore_poll_failures_total").ToList();
        Assert.True(failures.Count == 1, after.Text);
        Assert.Equal(1, after.Value("backuprestore_poll_failures_total") - before.Value("backuprestore_poll_failures_total"));
        Assert.Equal(("west", "http_502"), (failures[0]["target"], failures[0]["error_type"]));
        Assert.Equal(0, after.Value("backuprestore_target_reachable", ("target", "west")));
    }

    [Fact]
    public async Task A_target_whose_circuit_breaker_is_open_reads_1()
    {
        await using var app = Start();
        await app.WaitForOperationAsync(Operation);
        using var client = app.CreateHttpClient();
        var target = app.Get<BackupRestore.Dashboard.Features.Polling.TargetPollers>().Find("west")!.Target;
        var closed = await Scrape.TakeAsync(client, Token);

        // How the poller records a read that the open breaker refused (HealthLabels reads the breaker from it).
        app.Get<BackupRestore.Dashboard.Features.Targets.TargetHealthBoard>().RecordFailure(target, DateTimeOffset.UtcNow,
            $"west is left alone after repeated failures {BackupRestore.Dashboard.Features.Targets.HealthLabels.OpenCircuitMarker}; it is probed again in 5 s.");
        var open = await Scrape.TakeAsync(client, Token);

        Assert.Equal(0, closed.Value("backuprestore_target_circuit_open", ("system", "nsx"), ("target", "west")));
        Assert.Equal(1, open.Value("backuprestore_target_circuit_open", ("system", "nsx"), ("target", "west")));
    }

    [Fact]
    public async Task On_a_management_url_metrics_answer_there_without_a_token_and_not_on_the_public_port()
    {
        var (publicPort, managementPort) = (FreePort(), FreePort());
        var data = Path.Combine(Path.GetTempPath(), "brd-tests", "mgmt-" + Guid.NewGuid().ToString("n"));
        var environment = DashboardProcess.TargetEnvironment(0, sim.TargetOptions("nsx", "west"));
        environment["Data__Folder"] = data;
        environment["Auth__BootstrapAdmin__Password"] = DashboardApp.AdminPassword;
        environment["Metrics__Urls"] = $"http://127.0.0.1:{managementPort}";
        environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{publicPort};http://127.0.0.1:{managementPort}";
        try
        {
            // A real process with both addresses in its Urls, as an operator would run it.
            await using var dashboard = await DashboardProcess.StartAsync(environment, publicPort);
            using var management = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{managementPort}") };
            using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri($"http://127.0.0.1:{publicPort}") };
            using var admin = new HttpClient { BaseAddress = anonymous.BaseAddress };
            admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"admin:{DashboardApp.AdminPassword}")));

            using var scraped = await management.GetAsync(new Uri("/metrics", UriKind.Relative));
            var text = await scraped.Content.ReadAsStringAsync();
            using var publicAnonymous = await anonymous.GetAsync(new Uri("/metrics", UriKind.Relative));
            using var publicAdmin = await admin.GetAsync(new Uri("/metrics", UriKind.Relative));
            using var adminApi = await admin.GetAsync(new Uri("/api/targets", UriKind.Relative));

            Assert.Equal(HttpStatusCode.OK, scraped.StatusCode);
            Assert.Contains("backuprestore_target_reachable{", text, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, adminApi.StatusCode);
            Assert.NotEqual(HttpStatusCode.OK, publicAnonymous.StatusCode);
            Assert.NotEqual(HttpStatusCode.OK, publicAdmin.StatusCode);
            Assert.DoesNotContain("backuprestore_", await publicAdmin.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        finally
        {
            DashboardAppCleanup.DeleteFolder(data);
        }
    }

    [Fact]
    public async Task On_a_management_url_a_scrape_on_the_public_port_is_not_found_even_with_a_forged_host()
    {
        await using var app = DashboardApp.Start([sim.TargetOptions("nsx", "west")], new ManualTimeProvider(DateTimeOffset.UtcNow),
            new Dictionary<string, string?> { ["Metrics:Urls"] = "http://127.0.0.1:1" });
        using var client = app.CreateHttpClient(followRedirects: false);
        using var forged = new HttpRequestMessage(HttpMethod.Get, new Uri("/metrics", UriKind.Relative));
        forged.Headers.Host = "127.0.0.1:1";

        using var plain = await client.GetAsync(new Uri("/metrics", UriKind.Relative));
        using var forgedAnswer = await client.SendAsync(forged);

        Assert.NotEqual(HttpStatusCode.OK, plain.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, forgedAnswer.StatusCode);
    }

    [Theory]
    [InlineData("Metrics:ScrapeToken", "short", "Metrics:ScrapeToken must be at least 16 characters")]
    [InlineData("Metrics:Urls", "127.0.0.1:9464", "Metrics:Urls entry '127.0.0.1:9464' must be an http(s) address with a port")]
    [InlineData("Metrics:Urls", "http://127.0.0.1", "Metrics:Urls entry 'http://127.0.0.1' must be an http(s) address with a port")]
    public void A_bad_metrics_setting_stops_the_start_naming_the_key(string key, string value, string message)
    {
        var error = Assert.Throws<OptionsValidationException>(() =>
            DashboardApp.Start([sim.TargetOptions("nsx", "west")], settings: new Dictionary<string, string?> { [key] = value }));

        Assert.StartsWith(message, Assert.Single(error.Failures), StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private DashboardApp Start() => DashboardApp.Start([sim.TargetOptions("nsx", "west")], new ManualTimeProvider(DateTimeOffset.UtcNow),
        new Dictionary<string, string?> { ["Metrics:ScrapeToken"] = Token });
}
