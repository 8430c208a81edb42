using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using BackupRestore.Dashboard.Tests.Infrastructure;
using BackupRestore.Simulator.Nsx;

namespace BackupRestore.Dashboard.Tests.Features.Audit;

/// <summary>The dashboard process dies after recording an action and before calling the backend: nothing is lost.</summary>
public sealed class CrashSafetyTests : IAsyncLifetime
{
    private const string AdminPassword = "Crash-Test-Passw0rd!";
    private readonly string data = Path.Combine(Path.GetTempPath(), "brd-tests", "crash-" + Guid.NewGuid().ToString("n"));
    private SimulatorHandle sim = default!;

    public async Task InitializeAsync()
    {
        sim = await SimulatorHandle.StartAsync();
        sim.AddNsx("west", NsxScenario.SuspendsForUserAction);
    }

    public async Task DisposeAsync()
    {
        await sim.DisposeAsync();
        DashboardAppCleanup.DeleteFolder(data);
    }

    [Fact]
    public async Task An_attempt_interrupted_by_a_crash_is_found_after_restart_marked_unknown_and_was_never_sent()
    {
        await using (var crashing = await StartAsync(crashAfterRecord: true))
        {
            using var http = Client(crashing);
            await using (var listener = await HubListener.ConnectWithHeaderAsync(crashing.Address, http.DefaultRequestHeaders.Authorization!.ToString()))
            {
                await listener.WaitForAsync(f => f.Id == "west:cluster-restore");
            }

            var call = () => http.PostAsync("/api/operations/west:cluster-restore/actions/cancel", null);
            await Assert.ThrowsAnyAsync<HttpRequestException>(call);
            var exitCode = await crashing.WaitForExitAsync(TimeSpan.FromSeconds(20));
            Assert.NotEqual(0, exitCode);
        }

        await using var restarted = await StartAsync(crashAfterRecord: false);
        using var client = Client(restarted);
        var audit = JsonDocument.Parse(await client.GetStringAsync("/api/audit?action=cancel")).RootElement;

        var entry = Assert.Single(audit.EnumerateArray());
        Assert.Equal("unknown", entry.GetProperty("outcome").GetString());
        Assert.Equal("west:cluster-restore", entry.GetProperty("operationId").GetString());
        Assert.Equal("admin", entry.GetProperty("user").GetString());
        Assert.Contains("stopped before", entry.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(sim.ActionCalls("nsx", "west"));
    }

    private Task<DashboardProcess> StartAsync(bool crashAfterRecord)
    {
        var environment = DashboardProcess.TargetEnvironment(0, sim.TargetOptions("nsx", "west", TimeSpan.FromMilliseconds(200)));
        environment["Data__Folder"] = data;
        environment["Auth__BootstrapAdmin__Password"] = AdminPassword;
        environment["Diagnostics__CrashAfterAuditRecord"] = crashAfterRecord ? "true" : "false";
        return DashboardProcess.StartAsync(environment);
    }

    private static HttpClient Client(DashboardProcess dashboard)
    {
        var http = new HttpClient { BaseAddress = dashboard.Address };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"admin:{AdminPassword}")));
        return http;
    }
}
