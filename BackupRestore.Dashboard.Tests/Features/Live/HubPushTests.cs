using System.Net.Http.Json;
using System.Text.Json;
using BackupRestore.Dashboard.Features.Auth;
using BackupRestore.Dashboard.Tests.Infrastructure;
using BackupRestore.Simulator.Nsx;
using Microsoft.AspNetCore.SignalR.Client;

namespace BackupRestore.Dashboard.Tests.Features.Live;

/// <summary>
/// The hub for programs outside the browser, with the app on Kestrel and Microsoft.AspNetCore.SignalR.Client:
/// JSON snapshots in the API's shape, catch-up after a reconnect, and connections closed when their token is revoked.
/// </summary>
public sealed class HubPushTests : IAsyncLifetime
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(5);
    private readonly ManualTimeProvider clock = new(DateTimeOffset.UtcNow);
    private SimulatorHandle sim = default!;
    private DashboardApp app = default!;
    private NsxMachine machine = default!;

    public async Task InitializeAsync()
    {
        sim = await SimulatorHandle.StartAsync();
        machine = sim.AddNsx("east", NsxScenario.RunsToSuccess);
        sim.AddNsx("west", NsxScenario.SuspendsForUserAction);
        app = DashboardApp.Start([sim.TargetOptions("nsx", "east", Poll), sim.TargetOptions("nsx", "west", Poll)], clock,
            new Dictionary<string, string?> { ["Auth:RevalidationInterval"] = "00:00:30" });
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        await sim.DisposeAsync();
    }

    [Fact]
    public async Task A_backend_change_is_pushed_as_json_in_the_apis_shape_at_the_next_poll()
    {
        await using var client = await app.ListenAsync();
        var before = await client.WaitForAsync(f => f.Id == "east:cluster-restore" && f.Step?.Number == 2);

        machine.CompleteCurrentStep();
        clock.Advance(Poll);
        var pushed = await client.WaitForAsync(f => f.Id == "east:cluster-restore" && f.Step?.Number == 3);
        using var api = await app.ApiClientAsync(Roles.Viewer);
        var listed = (await api.GetFromJsonAsync<JsonElement>("/api/operations")).EnumerateArray().Single(o => o.GetProperty("id").GetString() == "east:cluster-restore");

        Assert.Equal("PREPARE_NODES", pushed.Step!.Name);
        Assert.True(pushed.Version > before.Version);
        Assert.Equal(listed.GetProperty("version").GetInt64(), pushed.Version);
        Assert.Equal("running", listed.GetProperty("state").GetString());
        Assert.Equal(["suspend"], pushed.Actions);
    }

    [Fact]
    public async Task An_unchanged_backend_pushes_nothing()
    {
        await using var client = await app.ListenAsync();
        await client.WaitForAsync(f => f.Id == "west:cluster-restore");
        var east = await client.WaitForAsync(f => f.Id == "east:cluster-restore");
        var received = client.Received.Count;

        clock.Advance(Poll);
        machine.CompleteCurrentStep();
        clock.Advance(Poll);
        await client.WaitForAsync(f => f.Step?.Number == 3);

        Assert.Equal(received + 1, client.Received.Count);
        Assert.Equal("east:cluster-restore", client.Received[^1].Id);
        Assert.True(client.Received[^1].Version > east.Version);
    }

    [Fact]
    public async Task A_client_that_reconnects_catches_up_with_a_snapshot()
    {
        long seen;
        await using (var first = await app.ListenAsync())
        {
            await first.WaitForAsync(f => f.Id == "west:cluster-restore");
            seen = (await first.SnapshotAsync()).Version;
        }

        machine.CompleteCurrentStep();
        clock.Advance(Poll);
        await app.WaitForOperationAsync("east:cluster-restore", f => f.Step?.Number == 3);
        await using var reconnected = await app.ListenAsync();
        var snapshot = await reconnected.SnapshotAsync();

        Assert.True(snapshot.Version > seen);
        Assert.Equal(["west:cluster-restore", "east:cluster-restore"], snapshot.Operations.Select(o => o.Id));
        Assert.Equal(3, snapshot.Operations.Single(o => o.Id == "east:cluster-restore").Step?.Number);
    }

    [Fact]
    public async Task A_revoked_tokens_connection_is_closed_at_the_next_revalidation()
    {
        var token = await app.TokenAsync(Roles.Viewer);
        await using var client = await HubListener.ConnectAsync(app.Address, token);
        await using var other = await app.ListenAsync();

        var tokens = app.Get<TokenStore>();
        await tokens.RevokeAsync((await tokens.ListAsync(default)).Single(t => token.StartsWith(t.Prefix, StringComparison.Ordinal)).Id, default);
        clock.Advance(TimeSpan.FromSeconds(30));

        await client.Closed.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(HubConnectionState.Disconnected, client.State);
        Assert.Equal(HubConnectionState.Connected, other.State);
    }

    [Fact]
    public async Task A_disabled_users_basic_connection_is_closed_at_the_next_revalidation()
    {
        var (user, password) = await app.UserAsync(Roles.Operator);
        var basic = "Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{user}:{password}"));
        await using var client = await HubListener.ConnectWithHeaderAsync(app.Address, basic);

        var users = app.Get<UserStore>();
        await users.SetDisabledAsync((await users.FindAsync(user, default))!.Id, true, default);
        clock.Advance(TimeSpan.FromSeconds(30));

        await client.Closed.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(HubConnectionState.Disconnected, client.State);
    }
}
