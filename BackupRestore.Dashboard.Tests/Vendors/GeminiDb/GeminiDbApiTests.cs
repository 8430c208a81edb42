using BackupRestore.Dashboard.Features.Operations;
using System.Net;
using BackupRestore.Dashboard.Tests.Infrastructure;
using BackupRestore.Simulator.GeminiDb;
using Microsoft.Extensions.Time.Testing;

namespace BackupRestore.Dashboard.Tests.Vendors.GeminiDb;

/// <summary>GeminiDB through the running app's JSON API: stop a running backup, create one, list backups.</summary>
public sealed class GeminiDbApiTests : IAsyncLifetime
{
    private static readonly GeminiDbScenario Scenario = GeminiDbScenario.WithFailure;
    private readonly FakeTimeProvider clock = new(DateTimeOffset.UtcNow);
    private SimulatorHandle sim = default!;
    private DashboardApp app = default!;
    private HttpClient http = default!;
    private string running = "";

    public async Task InitializeAsync()
    {
        sim = await SimulatorHandle.StartAsync();
        var machine = sim.Fleet.AddGeminiDb("g", Scenario).MachineAs<GeminiDbMachine>();
        running = machine.Backups().Single(b => b.Status == "BUILDING").Id;
        app = DashboardApp.Start([sim.TargetOptions("geminidb", "g")], clock);
        http = await app.ApiClientAsync();
        await app.WaitForOperationAsync($"g:backup-{running}");
    }

    public async Task DisposeAsync()
    {
        http.Dispose();
        await app.DisposeAsync();
        await sim.DisposeAsync();
    }

    [Fact]
    public async Task Running_and_recently_failed_backups_are_operations_of_kind_backup()
    {
        var operations = (await http.GetJsonAsync("/api/operations")).EnumerateArray().ToList();

        Assert.Equal(2, operations.Count);
        Assert.All(operations, o => Assert.Equal("backup", o.Text("kind")));
        Assert.Equal(["stop"], operations.Single(o => o.Text("state") == "running").GetProperty("actions").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal("FAILED", operations.Single(o => o.Text("state") == "failed").Text("vendorStatus"));
    }

    [Fact]
    public async Task Stop_follows_the_job_until_the_backup_is_stopped()
    {
        var stopping = await http.PostJsonAsync($"/api/operations/g:backup-{running}/actions/stop", null, HttpStatusCode.OK);
        await using var browser = await app.ListenAsync();
        sim.Time.Advance(Scenario.Tick);
        clock.Advance(TimeSpan.FromSeconds(5));
        await browser.WaitForAsync(f => f.Progress == 50);
        sim.Time.Advance(Scenario.Tick);
        clock.Advance(TimeSpan.FromSeconds(5));
        var stopped = await browser.WaitForAsync(f => f.State == OperationState.Cancelled);

        Assert.Contains("Stop requested: job", stopping.Text("message"), StringComparison.Ordinal);
        Assert.Equal(0, stopping.GetProperty("actions").GetArrayLength());
        Assert.Equal("Stopped by an operator.", stopped.Message);
        Assert.Single(sim.ActionCalls("geminidb", "g"), c => c.StartsWith("PUT /v3/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Stopping_twice_is_refused_by_the_dashboard()
    {
        await http.PostJsonAsync($"/api/operations/g:backup-{running}/actions/stop", null, HttpStatusCode.OK);

        var again = await http.PostJsonAsync($"/api/operations/g:backup-{running}/actions/stop", null, HttpStatusCode.Conflict);

        Assert.Contains("does not offer it now", again.Text("error"), StringComparison.Ordinal);
        Assert.Single(sim.ActionCalls("geminidb", "g"));
    }

    [Fact]
    public async Task A_manual_backup_is_validated_as_the_docs_say_then_created()
    {
        var instances = sim.Target("geminidb", "g").MachineAs<GeminiDbMachine>().Instances;
        var free = instances[1].Id;

        var badName = await http.PostJsonAsync("/api/targets/g/actions/backup", new { instance_id = free, name = "1x" }, HttpStatusCode.BadRequest);
        var badText = await http.PostJsonAsync("/api/targets/g/actions/backup", new { instance_id = free, name = "good-name", description = "a<b" }, HttpStatusCode.BadRequest);
        var created = await http.PostJsonAsync("/api/targets/g/actions/backup", new { instance_id = free, name = "manual-1", description = "before change" }, HttpStatusCode.OK);
        var busy = await http.PostJsonAsync("/api/targets/g/actions/backup", new { instance_id = free, name = "manual-2" }, HttpStatusCode.Conflict);

        Assert.Contains("start with a letter", badName.Text("error"), StringComparison.Ordinal);
        Assert.Contains("none of", badText.Text("error"), StringComparison.Ordinal);
        Assert.Equal("BUILDING", created.GetProperty("operation").Text("vendorStatus"));
        Assert.Contains("does not offer it now", busy.Text("error"), StringComparison.Ordinal);
        Assert.Single(sim.ActionCalls("geminidb", "g"), c => c.StartsWith("POST ", StringComparison.Ordinal) && c.EndsWith("/backups", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Completed_backups_are_listed_as_restore_sources()
    {
        var backups = (await http.GetJsonAsync("/api/targets/g/backups")).EnumerateArray().ToList();

        Assert.Equal(Scenario.CompletedBackups, backups.Count);
        Assert.All(backups, b => Assert.Equal("COMPLETED", b.Text("status")));
        Assert.All(backups, b => Assert.True(b.GetProperty("sizeBytes").GetInt64() > 1_000_000_000));
        Assert.All(backups, b => Assert.True(DateTimeOffset.TryParse(b.Text("createdAt"), System.Globalization.CultureInfo.InvariantCulture, out _)));
    }
}
