using System.Net;
using System.Text.Json;
using BackupRestore.Dashboard.Features.Polling;
using BackupRestore.Dashboard.Tests.Infrastructure;
using BackupRestore.Simulator.Cbr;
using BackupRestore.Simulator.Cse;
using BackupRestore.Simulator.GeminiDb;
using BackupRestore.Simulator.Nsx;
using BackupRestore.Simulator.Vcenter;
using Microsoft.Extensions.Time.Testing;

namespace BackupRestore.Dashboard.Tests.Vendors;

/// <summary>
/// The dashboard against backends that serve only the calls the vendors document (vendor-apis.md [D]); the inferred
/// ones answer 404/400 as a real gateway would. Nothing goes dark: what documented calls answer is shown, and each
/// missing panel says why, through the JSON API.
/// </summary>
public sealed class DocumentedOnlyTests : IAsyncLifetime
{
    private SimulatorHandle sim = default!;
    private DashboardApp app = default!;
    private HttpClient http = default!;

    public async Task InitializeAsync()
    {
        sim = await SimulatorHandle.StartAsync(documentedOnly: true);
        sim.AddNsx("nsx", NsxScenario.SuspendsForUserAction);
        sim.Fleet.AddVcenter("vc", VcenterScenario.Running);
        sim.Fleet.AddGeminiDb("gdb", GeminiDbScenario.Default);
        sim.Fleet.AddCse("cse", CseScenario.Default with { RecoveryRunning = true });
        sim.Fleet.AddCbr("cbr", CbrScenario.Demo);
        app = DashboardApp.Start(sim.Fleet.Targets.Select(t => sim.TargetOptions(t.System, t.Name)), new FakeTimeProvider(DateTimeOffset.UtcNow));
        http = await app.ApiClientAsync();
        foreach (var poller in app.Get<TargetPollers>().All)
        {
            await poller.PollOnceAsync(default);
        }
    }

    public async Task DisposeAsync()
    {
        http.Dispose();
        await app.DisposeAsync();
        await sim.DisposeAsync();
    }

    [Fact]
    public async Task Every_system_shows_what_its_documented_calls_answer_and_each_missing_panel_says_why()
    {
        var operations = (await http.GetJsonAsync("/api/operations")).EnumerateArray().ToList();
        var targets = (await http.GetJsonAsync("/api/targets")).EnumerateArray().ToDictionary(t => t.Text("name"));
        var backups = await http.GetAsync(new Uri("/api/targets/cse/backups", UriKind.Relative));
        var refusal = JsonDocument.Parse(await backups.Content.ReadAsStringAsync()).RootElement;

        foreach (var system in new[] { "nsx", "vcenter", "geminidb", "cbr" })
        {
            Assert.Contains(operations, o => o.Text("system") == system && o.GetProperty("targetIssue").ValueKind == JsonValueKind.Null);
        }
        Assert.All(targets.Values, t => Assert.True(t.GetProperty("reachable").GetBoolean(), t.ToString()));
        Assert.All(targets.Values.Where(t => t.Text("name") != "cse"), t => Assert.Equal(0, t.GetProperty("gaps").GetArrayLength()));
        var gap = Assert.Single(targets["cse"].GetProperty("gaps").EnumerateArray());
        Assert.Equal(("Recoveries", 400, "SVCSTG.00501116"), (gap.Text("panel"), gap.GetProperty("httpStatus").GetInt32(), gap.Text("vendorCode")));
        Assert.Contains("/recoveries", gap.Text("call"), StringComparison.Ordinal);
        Assert.Contains("The microservice engine does not exist.", gap.Text("message"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadGateway, backups.StatusCode);
        Assert.Equal(("Backups", "APIGW.0101"), (refusal.GetProperty("gap").Text("panel"), refusal.GetProperty("gap").Text("vendorCode")));
        Assert.Contains("does not offer its backup list", refusal.Text("error"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Actions_that_need_only_documented_calls_work()
    {
        var backup = sim.Target("cse", "cse").MachineAs<CseMachine>().Backups().First(b => b.Status == "Success" && b.Name != "backup-corrupted");
        // The engine is busy with a recovery the (missing) list cannot show: let it finish first.
        sim.Time.Advance(TimeSpan.FromMinutes(5));

        var cancelled = await http.PostJsonAsync("/api/operations/nsx:cluster-restore/actions/cancel", null, HttpStatusCode.OK);
        var recovery = await http.PostJsonAsync($"/api/targets/cse/backups/{backup.Id}/actions/recovery", new { name = "restore-documented" }, HttpStatusCode.OK);
        var operations = (await http.GetJsonAsync("/api/operations")).EnumerateArray().ToList();

        Assert.Equal("ABORTED", cancelled.Text("vendorStatus"));
        var started = recovery.GetProperty("operation");
        Assert.Equal("RecoveringData", started.Text("vendorStatus"));
        var shown = Assert.Single(operations, o => o.Text("id") == started.Text("id"));
        Assert.Equal("Progress", shown.GetProperty("gaps")[0].Text("panel"));
        Assert.Equal(["POST /cseengine/v1/engines/" + sim.Target("cse", "cse").MachineAs<CseMachine>().EngineId + $"/backups/{backup.Id}/recovery"],
            sim.ActionCalls("cse", "cse"));
    }
}
