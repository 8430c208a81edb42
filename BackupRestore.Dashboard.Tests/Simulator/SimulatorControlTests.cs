using System.Net;
using System.Text;
using BackupRestore.Dashboard.Tests.Infrastructure;
using BackupRestore.Simulator;
using BackupRestore.Simulator.Nsx;

namespace BackupRestore.Dashboard.Tests.Simulator;

/// <summary>The simulator's /_sim control: off inside the dashboard's demo unless configured, same-origin only; a bounded call log.</summary>
public sealed class SimulatorControlTests
{
    [Fact]
    public async Task Inside_the_dashboards_demo_the_control_endpoints_do_not_exist_unless_configured()
    {
        await using var quiet = DashboardApp.Start([], settings: new Dictionary<string, string?> { ["Demo:PollInterval"] = "00:00:01" });
        await using var steerable = DashboardApp.Start([], settings: new Dictionary<string, string?> { ["Demo:PollInterval"] = "00:00:01", ["Demo:SimulatorControl"] = "true" });
        using var http = new HttpClient();

        using var off = await http.PostAsync(new Uri(quiet.DemoSimulator!.Address, "/_sim/iam/revoke-tokens"), null);
        using var on = await http.PostAsync(new Uri(steerable.DemoSimulator!.Address, "/_sim/iam/revoke-tokens"), null);
        using var vendorApi = await http.GetAsync(new Uri(quiet.DemoSimulator.Address, "/"));

        Assert.Equal(HttpStatusCode.NotFound, off.StatusCode);
        Assert.Equal(HttpStatusCode.OK, on.StatusCode);
        Assert.Equal(HttpStatusCode.OK, vendorApi.StatusCode);
    }

    [Fact]
    public async Task A_cross_origin_text_plain_post_or_a_rebound_host_name_is_refused_and_changes_nothing()
    {
        await using var sim = await SimulatorHandle.StartAsync();
        sim.AddNsx("east", NsxScenario.RunsToSuccess);
        var fault = new Uri(sim.Running.Address, "/_sim/nsx/east/fault");
        using var http = new HttpClient();

        using var crossOrigin = await SendAsync(http, HttpMethod.Put, fault, "application/json", origin: "http://evil.example");
        using var textPlain = await SendAsync(http, HttpMethod.Post, new Uri(sim.Running.Address, "/_sim/nsx/east/complete-step"), "text/plain", origin: "http://evil.example");
        using var rebound = await SendAsync(http, HttpMethod.Put, fault, "application/json", host: "evil.example");
        var untouched = sim.Target("nsx", "east").Faults.Current.Kind;
        using var sameOrigin = await SendAsync(http, HttpMethod.Put, fault, "application/json", origin: $"{sim.Running.Address.Scheme}://{sim.Running.Address.Authority}");

        Assert.Equal(HttpStatusCode.Forbidden, crossOrigin.StatusCode);
        Assert.Contains("another origin (http://evil.example)", await crossOrigin.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, textPlain.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, rebound.StatusCode);
        Assert.Equal(SimFaultKind.None, untouched);
        Assert.Equal(HttpStatusCode.OK, sameOrigin.StatusCode);
        Assert.Equal(SimFaultKind.ServerError, sim.Target("nsx", "east").Faults.Current.Kind);
    }

    [Fact]
    public async Task Finish_and_restart_steer_an_nsx_restore_and_are_refused_for_a_system_without_runs()
    {
        await using var sim = await SimulatorHandle.StartAsync();
        var machine = sim.AddNsx("east", NsxScenario.RunsToSuccess);
        sim.Fleet.AddVcenter("vc", BackupRestore.Simulator.Vcenter.VcenterScenario.Running);

        using var finish = await sim.Control.PostAsync(new Uri(sim.Running.Address, "/_sim/nsx/east/finish"), null);
        var finished = machine.Status().Status.Value;
        using var restart = await sim.Control.PostAsync(new Uri(sim.Running.Address, "/_sim/nsx/east/restart"), null);
        using var vcenter = await sim.Control.PostAsync(new Uri(sim.Running.Address, "/_sim/vcenter/vc/finish"), null);
        using var missing = await sim.Control.PostAsync(new Uri(sim.Running.Address, "/_sim/nsx/nowhere/restart"), null);

        Assert.Equal((HttpStatusCode.OK, "SUCCESS"), (finish.StatusCode, finished));
        Assert.Equal((HttpStatusCode.OK, "RUNNING", 1), (restart.StatusCode, machine.Status().Status.Value, machine.Status().Step?.StepNumber));
        Assert.Equal(HttpStatusCode.BadRequest, vcenter.StatusCode);
        Assert.Contains("cannot be finished or restarted", await vcenter.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public void The_call_log_keeps_the_last_thousand_calls_in_order()
    {
        var log = new SimCallQueue();

        for (var i = 0; i < 1500; i++)
        {
            log.Enqueue($"GET /call/{i}");
        }

        Assert.Equal(1000, log.Count);
        Assert.Equal("GET /call/500", log.First());
        Assert.Equal("GET /call/1499", log.ToArray()[^1]);
        Assert.Equal(1, log.Count(c => c == "GET /call/1499"));
    }

    /// <summary>text/plain is what a hostile page can post without a CORS preflight; a browser adds its Origin.</summary>
    private static Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, Uri url, string contentType, string? origin = null, string? host = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = new StringContent("""{"kind":"ServerError"}""", Encoding.UTF8, contentType) };
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }
        if (host is not null)
        {
            request.Headers.Host = $"{host}:{url.Port}";
        }
        return http.SendAsync(request);
    }
}
