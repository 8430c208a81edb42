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
        var after = await Scrape.TakeAsync(client, Token);

        double Moved(string name, params (string, string)[] labels) => after.Value(name, labels) - before.Value(name, labels);
        Assert.Equal(1, Moved("backuprestore_actions_total", ("system", "nsx"), ("action", "cancel"), ("outcome", "succeeded")));
        Assert.Equal(1, Moved("backuprestore_actions_total"));
        Assert.Equal(1, Moved("backuprestore_action_duration_seconds_count", ("action", "cancel")));
        Assert.Equal(1, Moved("backuprestore_operation_transitions_total", ("system", "nsx"), ("state", "cancelled")));
        Assert.Equal(1, Moved("backuprestore_operation_transitions_total"));
        // The action reads the target before sending and again after: two polls, no more (the test clock stands still).
        Assert.Equal(2, Moved("backuprestore_poll_duration_seconds_count", ("target", "west")));
        Assert.Equal(-1, Moved("backuprestore_operations", ("state", "suspended")));
        Assert.Equal(1, Moved("backuprestore_operations", ("state", "cancelled")));
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

    private DashboardApp Start() => DashboardApp.Start([sim.TargetOptions("nsx", "west")], new ManualTimeProvider(DateTimeOffset.UtcNow),
        new Dictionary<string, string?> { ["Metrics:ScrapeToken"] = Token });
}
