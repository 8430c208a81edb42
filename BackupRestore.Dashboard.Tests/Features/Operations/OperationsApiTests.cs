using System.Net.Http.Json;
using System.Text.Json;
using BackupRestore.Dashboard.Tests.Infrastructure;
using BackupRestore.Simulator.Nsx;

namespace BackupRestore.Dashboard.Tests.Features.Operations;

public sealed class OperationsApiTests : IAsyncLifetime
{
    private SimulatorHandle sim = default!;
    private DashboardApp app = default!;

    public async Task InitializeAsync()
    {
        sim = await SimulatorHandle.StartAsync();
        sim.AddNsx("west", NsxScenario.SuspendsForUserAction);
        app = DashboardApp.Start([sim.TargetOptions("nsx", "west")], new ManualTimeProvider(DateTimeOffset.UtcNow));
        await app.WaitForOperationAsync("west:cluster-restore");
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        await sim.DisposeAsync();
    }

    [Fact]
    public async Task Operations_have_the_documented_shape()
    {
        using var http = await app.ApiClientAsync();

        var operations = await http.GetFromJsonAsync<JsonElement>("/api/operations");

        var operation = Assert.Single(operations.EnumerateArray());
        Assert.Equal("west:cluster-restore", operation.GetProperty("id").GetString());
        Assert.Equal("west", operation.GetProperty("target").GetString());
        Assert.Equal("nsx", operation.GetProperty("system").GetString());
        Assert.Equal("restore", operation.GetProperty("kind").GetString());
        Assert.Equal("suspended", operation.GetProperty("state").GetString());
        Assert.Equal("SUSPENDED_FOR_USER_ACTION", operation.GetProperty("vendorStatus").GetString());
        Assert.Equal(63, operation.GetProperty("progress").GetInt32());
        var step = operation.GetProperty("step");
        Assert.Equal(8, step.GetProperty("number").GetInt32());
        Assert.Equal(11, step.GetProperty("total").GetInt32());
        Assert.Equal("RECONCILE_FABRIC_NODES", step.GetProperty("name").GetString());
        Assert.Equal("Reconciling fabric nodes", step.GetProperty("description").GetString());
        Assert.Equal("SUSPENDED_FOR_USER_ACTION", step.GetProperty("status").GetString());
        var instruction = Assert.Single(operation.GetProperty("instructions").EnumerateArray());
        Assert.Equal("Reset Fabric Nodes", instruction.GetProperty("name").GetString());
        Assert.Equal(3, instruction.GetProperty("resources").GetArrayLength());
        Assert.Equal(["advance", "cancel"], operation.GetProperty("actions").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal("Waiting for user action: Reset Fabric Nodes", operation.GetProperty("message").GetString());
        Assert.True(DateTimeOffset.TryParse(operation.GetProperty("updatedAt").GetString(), out _));
    }

    [Fact]
    public async Task Targets_report_their_health_and_never_their_password()
    {
        using var http = await app.ApiClientAsync();

        var text = await http.GetStringAsync("/api/targets");
        var target = Assert.Single(JsonDocument.Parse(text).RootElement.EnumerateArray());

        Assert.Equal("west", target.GetProperty("name").GetString());
        Assert.Equal("nsx", target.GetProperty("system").GetString());
        Assert.EndsWith("/nsx/west", target.GetProperty("baseUrl").GetString(), StringComparison.Ordinal);
        Assert.True(target.GetProperty("reachable").GetBoolean());
        Assert.True(target.TryGetProperty("lastPollAt", out _));
        Assert.Equal(JsonValueKind.Null, target.GetProperty("lastError").ValueKind);
        Assert.DoesNotContain(SimulatorHandle.Password, text, StringComparison.Ordinal);
    }
}
