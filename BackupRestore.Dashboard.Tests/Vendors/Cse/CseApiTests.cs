using System.Net;
using BackupRestore.Dashboard.Tests.Infrastructure;
using BackupRestore.Simulator.Cse;
using Microsoft.Extensions.Time.Testing;

namespace BackupRestore.Dashboard.Tests.Vendors.Cse;

/// <summary>CSE through the running app's JSON API: backups, recovery, and the engine-busy refusal.</summary>
public sealed class CseApiTests : IAsyncLifetime
{
    private SimulatorHandle sim = default!;
    private DashboardApp app = default!;
    private HttpClient http = default!;

    public async Task InitializeAsync()
    {
        sim = await SimulatorHandle.StartAsync();
        sim.Fleet.AddCse("cse", CseScenario.Default);
        app = DashboardApp.Start([sim.TargetOptions("cse", "cse")], new FakeTimeProvider(DateTimeOffset.UtcNow));
        http = await app.ApiClientAsync();
    }

    public async Task DisposeAsync()
    {
        http.Dispose();
        await app.DisposeAsync();
        await sim.DisposeAsync();
    }

    [Fact]
    public async Task Backups_offer_recovery_only_when_they_succeeded()
    {
        var backups = (await http.GetJsonAsync("/api/targets/cse/backups")).EnumerateArray().ToList();

        Assert.Equal(4, backups.Count);
        Assert.All(backups, b => Assert.Equal(b.Text("status") == "Success" ? 1 : 0, b.GetProperty("actions").GetArrayLength()));
    }

    [Fact]
    public async Task Recovery_starts_a_restore_operation_and_a_second_one_is_refused_while_it_runs()
    {
        var backup = (await http.GetJsonAsync("/api/targets/cse/backups")).EnumerateArray().First(b => b.Text("name") == "backup-before-release");

        var started = await http.PostJsonAsync($"/api/targets/cse/backups/{backup.Text("id")}/actions/recovery", new { name = "restore-api", description = "test" }, HttpStatusCode.OK);
        var again = await http.PostJsonAsync($"/api/targets/cse/backups/{backup.Text("id")}/actions/recovery", new { name = "restore-again" }, HttpStatusCode.Conflict);
        var noName = await http.PostJsonAsync($"/api/targets/cse/backups/{backup.Text("id")}/actions/recovery", new { name = "" }, HttpStatusCode.Conflict);

        var operation = started.GetProperty("operation");
        Assert.StartsWith("cse:recovery-", operation.Text("id"), StringComparison.Ordinal);
        Assert.Equal(("running", "RecoveringData", "restore"), (operation.Text("state"), operation.Text("vendorStatus"), operation.Text("kind")));
        Assert.Contains("does not offer it now", again.Text("error"), StringComparison.Ordinal);
        Assert.Contains("does not offer it now", noName.Text("error"), StringComparison.Ordinal);
        Assert.Single(sim.ActionCalls("cse", "cse"));
    }

    [Fact]
    public async Task A_missing_name_is_refused_before_cse_sees_it()
    {
        var backup = (await http.GetJsonAsync("/api/targets/cse/backups")).EnumerateArray().First(b => b.Text("status") == "Success");

        var invalid = await http.PostJsonAsync($"/api/targets/cse/backups/{backup.Text("id")}/actions/recovery", new { description = "no name" }, HttpStatusCode.BadRequest);

        Assert.Contains("name", invalid.Text("error"), StringComparison.Ordinal);
        Assert.Empty(sim.ActionCalls("cse", "cse"));
    }
}
