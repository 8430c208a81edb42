using System.Diagnostics;
using System.Net;
using BackupRestore.Dashboard.Features.Auth;
using BackupRestore.Dashboard.Tests.Infrastructure;
using BackupRestore.Simulator;
using BackupRestore.Simulator.Nsx;

namespace BackupRestore.Dashboard.Tests.Features.Resilience;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingCollection
{
    public const string Name = "timing";
}

/// <summary>
/// Every fault the simulator can inject, one after another, against one target while three others keep changing:
/// the others stay on time, the faulty one shows it is degraded and recovers by itself, nothing is sent twice,
/// and nothing unhandled is logged. Real clock: timeouts, retries and the circuit breaker run as in production.
/// </summary>
[Collection(TimingCollection.Name)]
public sealed class ChaosTests : IAsyncLifetime
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan OnTime = Poll + TimeSpan.FromSeconds(1);
    private static readonly string[] Steady = ["steady-1", "steady-2", "steady-3"];
    private SimulatorHandle sim = default!;
    private DashboardApp app = default!;

    public async Task InitializeAsync()
    {
        sim = await SimulatorHandle.StartAsync();
        foreach (var name in Steady.Append("chaos"))
        {
            // From step 1: each of the faults moves the steady restores one step on, and there are 11.
            sim.AddNsx(name, NsxScenario.RunsToSuccess with { RestartAtStep = null, StepDuration = TimeSpan.FromHours(1), StartAtStep = 1 });
        }
        var targets = sim.Fleet.Targets.Select(t =>
        {
            var options = sim.TargetOptions(t.System, t.Name, Poll);
            options.RequestTimeout = TimeSpan.FromMilliseconds(500);
            return options;
        });
        app = DashboardApp.Start(targets, settings: new Dictionary<string, string?>
        {
            ["Resilience:RetryDelay"] = "00:00:00.020",
            ["Resilience:Break"] = "00:00:00.500",
            ["Resilience:MaxBreak"] = "00:00:01",
            ["Resilience:BreakAfterFailures"] = "3",
        });
        await app.WaitForOperationAsync("chaos:cluster-restore");
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        await sim.DisposeAsync();
    }

    [Fact]
    public async Task Each_fault_degrades_only_its_target_which_recovers_by_itself()
    {
        await using var browser = await app.ListenAsync();
        using var api = await app.ApiClientAsync(Roles.Operator);
        var step = 1;
        foreach (var fault in Enum.GetValues<SimFaultKind>().Where(f => f != SimFaultKind.None))
        {
            // Only what is pushed from here on counts (the listener keeps every earlier card too).
            var before = browser.Received.Max(f => f.Version);
            await sim.SetFaultAsync("nsx", "chaos", fault, latencyMs: 2000);
            if (fault == SimFaultKind.Conflict)
            {
                // The state changed between page and click: the backend's 409 comes back as is, and nothing is retried.
                var refused = await api.PostJsonAsync("/api/operations/chaos:cluster-restore/actions/suspend", null, HttpStatusCode.Conflict);
                Assert.Equal("22013", refused.GetProperty("vendorError").Text("code"));
            }
            else
            {
                try
                {
                    await browser.WaitForAsync(f => f.Id == "chaos:cluster-restore" && f.Version > before && f.TargetIssue is { } issue
                        && issue.Contains(Expected(fault), StringComparison.Ordinal), TimeSpan.FromSeconds(8));
                }
                catch (TimeoutException e)
                {
                    var last = browser.Received.LastOrDefault(f => f.Id == "chaos:cluster-restore")?.TargetIssue;
                    throw new TimeoutException($"{fault}: no degraded card saying '{Expected(fault)}' (last issue: {last ?? "none"}). {e.Message}");
                }
            }

            step++;
            var changedAt = Stopwatch.StartNew();
            foreach (var name in Steady)
            {
                sim.Target("nsx", name).MachineAs<NsxMachine>().CompleteCurrentStep();
            }
            foreach (var name in Steady)
            {
                try
                {
                    await browser.WaitForAsync(f => f.Id == $"{name}:cluster-restore" && f.Version > before && f.Step?.Number == step, OnTime);
                }
                catch (TimeoutException e)
                {
                    throw new TimeoutException($"{fault}: {name} did not show step {step} on time. {e.Message}");
                }
            }
            Assert.True(changedAt.Elapsed <= OnTime + TimeSpan.FromMilliseconds(200), $"{fault}: the other targets took {changedAt.Elapsed.TotalMilliseconds} ms");

            var marker = browser.Received.Where(f => f.Id == "chaos:cluster-restore").Max(f => f.Version);
            (await sim.Control.DeleteAsync(new Uri(sim.Running.Address, "/_sim/nsx/chaos/fault"))).EnsureSuccessStatusCode();
            if (fault != SimFaultKind.Conflict)
            {
                var recovered = browser.WaitForAsync(f => f.Id == "chaos:cluster-restore" && f.Version > marker && f.TargetIssue is null, TimeSpan.FromSeconds(8));
                try
                {
                    await recovered;
                }
                catch (TimeoutException e)
                {
                    throw new TimeoutException($"{fault}: the target did not recover: {await api.GetStringAsync("/api/targets")} {e.Message}");
                }
            }
        }

        var posts = sim.Target("nsx", "chaos").CallLog.Where(c => c.StartsWith("POST /api/v1/", StringComparison.Ordinal)).ToList();
        Assert.Equal(["POST /api/v1/cluster/restore?action=suspend"], posts);
        var serious = app.Logs.Lines.Where(l => l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("Critical", StringComparison.Ordinal)
            || l.Contains("Unhandled", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.True(serious.Count == 0, string.Join('\n', serious.Take(5)));
    }

    /// <summary>How each fault must read on the card: the operator sees what is wrong.</summary>
    private static string Expected(SimFaultKind fault) => fault switch
    {
        SimFaultKind.Latency => "did not answer",
        SimFaultKind.ServerError => "500",
        SimFaultKind.MalformedJson => "malformed JSON",
        SimFaultKind.ExpiredToken => "403",
        SimFaultKind.HtmlErrorPage => "502 Bad Gateway",
        SimFaultKind.Restart => "503",
        SimFaultKind.TruncatedBody => "closed the connection before the body",
        // The status call itself missing is not a gap in one panel: the target cannot be read at all.
        SimFaultKind.Missing => "answered 404",
        _ => "Cannot reach the backend",
    };
}
