using BackupRestore.Dashboard.Features.Targets;
using BackupRestore.Dashboard.Tests.Infrastructure;
using BackupRestore.Dashboard.Vendors;
using BackupRestore.Simulator;
using BackupRestore.Simulator.Nsx;

namespace BackupRestore.Dashboard.Tests.Features.Resilience;

/// <summary>
/// The per-target Microsoft.Extensions.Http.Resilience pipeline, through the Refit client against the simulator,
/// on a <see cref="Microsoft.Extensions.Time.Testing.FakeTimeProvider"/>: reads retried, actions never, and a circuit
/// per target that opens, waits on the app's clock, half-opens for one probe and closes.
/// </summary>
public sealed class TargetResilienceTests : IAsyncLifetime
{
    private const string Status = "GET /api/v1/cluster/restore/status";
    private static readonly TimeSpan Break = TimeSpan.FromSeconds(10);
    private SimulatorHandle sim = default!;
    private VendorClients clients = default!;

    public async Task InitializeAsync()
    {
        sim = await SimulatorHandle.StartAsync();
        sim.AddNsx("m1", NsxScenario.RunsToSuccess);
        sim.AddNsx("m2", NsxScenario.RunsToSuccess);
        clients = new VendorClients(sim.Time, new Dictionary<string, string?>
        {
            ["Resilience:Retries"] = "2",
            ["Resilience:BreakAfterFailures"] = "3",
            ["Resilience:Break"] = "00:00:10",
            ["Resilience:MaxBreak"] = "00:01:00",
        });
    }

    public async Task DisposeAsync()
    {
        await clients.DisposeAsync();
        await sim.DisposeAsync();
    }

    [Theory]
    [InlineData(SimFaultKind.ServerError)]
    [InlineData(SimFaultKind.Restart)]
    [InlineData(SimFaultKind.HtmlErrorPage)]
    [InlineData(SimFaultKind.ConnectionReset)]
    public async Task A_read_is_tried_three_times_on_a_transient_failure(SimFaultKind fault)
    {
        await sim.SetFaultAsync("nsx", "m1", fault);

        var error = await Record.ExceptionAsync(() => clients.Nsx(Target("m1")).GetStatusAsync(default));

        Assert.True(error is VendorException or HttpRequestException, error?.ToString());
        Assert.Equal(3, Calls("m1", Status));
    }

    [Fact]
    public async Task A_read_that_the_backend_refuses_for_good_is_not_retried()
    {
        await sim.SetFaultAsync("nsx", "m1", SimFaultKind.Missing);

        await Assert.ThrowsAsync<VendorException>(() => clients.Nsx(Target("m1")).GetStatusAsync(default));

        Assert.Equal(1, Calls("m1", Status));
    }

    [Theory]
    [InlineData(SimFaultKind.ServerError)]
    [InlineData(SimFaultKind.Restart)]
    [InlineData(SimFaultKind.ConnectionReset)]
    public async Task An_action_is_sent_once_whatever_the_failure(SimFaultKind fault)
    {
        await sim.SetFaultAsync("nsx", "m1", fault);

        var error = await Record.ExceptionAsync(() => clients.Nsx(Target("m1")).SuspendAsync(default));

        Assert.True(error is VendorException or HttpRequestException, error?.ToString());
        Assert.Equal(["POST /api/v1/cluster/restore?action=suspend"], sim.ActionCalls("nsx", "m1"));
    }

    [Fact]
    public async Task A_failing_target_opens_its_own_circuit_which_half_opens_after_the_break_on_the_app_clock()
    {
        var api = clients.Nsx(Target("m1"));
        await sim.SetFaultAsync("nsx", "m1", SimFaultKind.ServerError);

        await Assert.ThrowsAsync<VendorException>(() => api.GetStatusAsync(default));
        var open = await Assert.ThrowsAsync<HttpRequestException>(() => api.GetStatusAsync(default));
        var other = await clients.Nsx(Target("m2")).GetStatusAsync(default);
        (await sim.Control.DeleteAsync(new Uri(sim.Running.Address, "/_sim/nsx/m1/fault"))).EnsureSuccessStatusCode();
        var stillOpen = await Assert.ThrowsAsync<HttpRequestException>(() => api.GetStatusAsync(default));
        var callsWhileOpen = Calls("m1", Status);
        sim.Time.Advance(Break);
        var probed = await api.GetStatusAsync(default);
        var closed = await api.GetStatusAsync(default);

        Assert.Contains("circuit open", open.Message, StringComparison.Ordinal);
        Assert.Contains("probed again in 10 s", open.Message, StringComparison.Ordinal);
        Assert.Equal("RUNNING", other.Status?.Value);
        Assert.Contains("circuit open", stillOpen.Message, StringComparison.Ordinal);
        Assert.Equal(3, callsWhileOpen);
        Assert.Equal(("RUNNING", "RUNNING"), (probed.Status?.Value, closed.Status?.Value));
        Assert.Equal(5, Calls("m1", Status));
    }

    [Fact]
    public async Task Each_failed_probe_doubles_the_break()
    {
        var api = clients.Nsx(Target("m1"));
        await sim.SetFaultAsync("nsx", "m1", SimFaultKind.ServerError);
        await Assert.ThrowsAsync<VendorException>(() => api.GetStatusAsync(default));

        sim.Time.Advance(Break);
        var failedProbe = await Assert.ThrowsAsync<HttpRequestException>(() => api.GetStatusAsync(default));
        var afterFailedProbe = Calls("m1", Status);
        sim.Time.Advance(Break);
        var stillOpen = await Assert.ThrowsAsync<HttpRequestException>(() => api.GetStatusAsync(default));
        var stillAfterFailedProbe = Calls("m1", Status);
        sim.Time.Advance(Break);
        await Assert.ThrowsAsync<HttpRequestException>(() => api.GetStatusAsync(default));

        Assert.Contains("probed again in 20 s", failedProbe.Message, StringComparison.Ordinal);
        Assert.Equal((4, 4), (afterFailedProbe, stillAfterFailedProbe));
        Assert.Contains("probed again in 10 s", stillOpen.Message, StringComparison.Ordinal);
        Assert.Equal(5, Calls("m1", Status));
    }

    private TargetOptions Target(string name) => sim.TargetOptions("nsx", name, auth: "basic");

    private int Calls(string name, string call) => sim.Target("nsx", name).CallLog.Count(c => c.StartsWith(call, StringComparison.Ordinal));
}
