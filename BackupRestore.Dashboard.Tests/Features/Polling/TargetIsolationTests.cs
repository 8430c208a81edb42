using BackupRestore.Dashboard.Features.Operations;
using System.Net;
using System.Net.Sockets;
using BackupRestore.Dashboard.Tests.Infrastructure;
using BackupRestore.Simulator.Nsx;
using Microsoft.Extensions.Time.Testing;

namespace BackupRestore.Dashboard.Tests.Features.Polling;

public sealed class TargetIsolationTests
{
    [Fact]
    public async Task A_dead_target_gets_a_placeholder_card_and_the_others_keep_updating()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var sim = await SimulatorHandle.StartAsync();
        var machine = sim.AddNsx("alive", NsxScenario.RunsToSuccess);
        var dead = sim.TargetOptions("nsx", "dead");
        dead.BaseUrl = $"http://127.0.0.1:{UnusedPort()}/nsx/dead";
        await using var app = DashboardApp.Start([dead, sim.TargetOptions("nsx", "alive")], clock);
        await using var browser = await app.ListenAsync();

        var placeholder = await browser.WaitForAsync(f => f.Id == "dead:target");
        machine.CompleteCurrentStep();
        clock.Advance(TimeSpan.FromSeconds(5));
        await browser.WaitForAsync(f => f.Id == "alive:cluster-restore" && f.Step?.Number == 3);

        Assert.StartsWith("Cannot reach the backend", placeholder.TargetIssue, StringComparison.Ordinal);
        Assert.Equal(OperationState.Unknown, placeholder.State);
    }

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
