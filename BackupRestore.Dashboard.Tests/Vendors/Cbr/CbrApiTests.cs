using System.Net;
using BackupRestore.Dashboard.Tests.Infrastructure;
using BackupRestore.Simulator.Cbr;
using Microsoft.Extensions.Time.Testing;

namespace BackupRestore.Dashboard.Tests.Vendors.Cbr;

/// <summary>CBR through the running app's JSON API: filtered backups, restores found through their operation log, refusals.</summary>
public sealed class CbrApiTests : IAsyncLifetime
{
    private SimulatorHandle sim = default!;
    private DashboardApp app = default!;
    private HttpClient http = default!;

    public async Task InitializeAsync()
    {
        sim = await SimulatorHandle.StartAsync();
        sim.Fleet.AddCbr("vault", CbrScenario.Default);
        app = DashboardApp.Start([sim.TargetOptions("cbr", "vault")], new FakeTimeProvider(DateTimeOffset.UtcNow));
        http = await app.ApiClientAsync();
    }

    public async Task DisposeAsync()
    {
        http.Dispose();
        await app.DisposeAsync();
        await sim.DisposeAsync();
    }

    [Fact]
    public async Task Backups_are_filtered_and_only_available_ones_offer_restore()
    {
        var all = (await http.GetJsonAsync("/api/targets/vault/backups")).EnumerateArray().ToList();
        var disks = (await http.GetJsonAsync("/api/targets/vault/backups?resourceType=OS::Cinder::Volume&status=available")).EnumerateArray().ToList();

        Assert.Equal(5, all.Count);
        Assert.All(all, b => Assert.Equal(b.Text("status") == "available" ? 1 : 0, b.GetProperty("actions").GetArrayLength()));
        Assert.Single(disks);
        Assert.Equal(40L * 1024 * 1024 * 1024, disks[0].GetProperty("sizeBytes").GetInt64());
    }

    [Fact]
    public async Task A_server_restore_returns_the_operation_found_through_its_operation_log()
    {
        var machine = sim.Target("cbr", "vault").MachineAs<CbrMachine>();
        var server = machine.Backups().Single(b => b.ResourceName == "ecs-web-01");
        var body = new
        {
            restore = new
            {
                server_id = "srv-target",
                power_on = true,
                mappings = server.Children.Select(c => new { backup_id = c.Id, volume_id = "vol-" + c.ResourceName }).ToArray(),
            },
        };

        var started = await http.PostJsonAsync($"/api/targets/vault/backups/{server.Id}/actions/restore", body, HttpStatusCode.OK);

        var operation = started.GetProperty("operation");
        Assert.StartsWith("vault:restore-", operation.Text("id"), StringComparison.Ordinal);
        Assert.Equal(("running", "waiting"), (operation.Text("state"), operation.Text("vendorStatus")));
        Assert.Equal("srv-target", started.GetProperty("facts").EnumerateArray().Single(f => f.Text("label") == "Target").Text("value"));
    }

    [Fact]
    public async Task A_restore_of_a_backup_that_is_not_available_is_refused_and_nothing_is_sent()
    {
        var machine = sim.Target("cbr", "vault").MachineAs<CbrMachine>();
        var protecting = machine.Backups().Single(b => b.Status == "protecting");

        var refused = await http.PostJsonAsync($"/api/targets/vault/backups/{protecting.Id}/actions/restore", new { server_id = "s" }, HttpStatusCode.Conflict);

        Assert.Contains("protecting", refused.Text("error"), StringComparison.Ordinal);
        Assert.Empty(sim.ActionCalls("cbr", "vault"));
    }

    [Fact]
    public async Task A_server_restore_without_a_volume_for_every_disk_is_refused_before_cbr_sees_it()
    {
        var server = sim.Target("cbr", "vault").MachineAs<CbrMachine>().Backups().Single(b => b.ResourceName == "ecs-web-01");

        var invalid = await http.PostJsonAsync($"/api/targets/vault/backups/{server.Id}/actions/restore",
            new { server_id = "s", mappings = new[] { new { backup_id = server.Children[0].Id, volume_id = "v" } } }, HttpStatusCode.BadRequest);

        Assert.Contains("target volume for disk backup", invalid.Text("error"), StringComparison.Ordinal);
        Assert.Empty(sim.ActionCalls("cbr", "vault"));
    }
}
