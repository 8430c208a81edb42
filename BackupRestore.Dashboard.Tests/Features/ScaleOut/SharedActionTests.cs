using System.Net;
using System.Text.Json;
using BackupRestore.Dashboard.Features.Actions;
using BackupRestore.Dashboard.Features.Auth;
using BackupRestore.Dashboard.Tests.Infrastructure;
using BackupRestore.Simulator;
using BackupRestore.Simulator.Nsx;
using Npgsql;

namespace BackupRestore.Dashboard.Tests.Features.ScaleOut;

/// <summary>
/// Actions from any instance: the same Idempotency-Key sent to two instances is one backend call (the key is claimed
/// in the database), and an instance that does not poll the target reads it from the backend before acting.
/// </summary>
public sealed class SharedActionTests : IAsyncLifetime
{
    private const string Operation = "west:cluster-restore";
    private const string CancelPath = $"/api/operations/{Operation}/actions/cancel";
    private ScaleOutCluster cluster = default!;
    private DashboardApp a = default!;
    private DashboardApp b = default!;

    public async Task InitializeAsync()
    {
        cluster = await ScaleOutCluster.StartAsync();
        cluster.Sim.AddNsx("west", NsxScenario.SuspendsForUserAction);
        var targets = new[] { cluster.Sim.TargetOptions("nsx", "west", TimeSpan.FromSeconds(1)) };
        a = DashboardApp.Start(targets, settings: cluster.Settings("a", fastLeases: true));
        b = DashboardApp.Start(targets, settings: cluster.Settings("b", fastLeases: true));
    }

    public async Task DisposeAsync()
    {
        await b.DisposeAsync();
        await a.DisposeAsync();
        await cluster.DisposeAsync();
    }

    [Fact]
    public async Task One_idempotency_key_sent_to_both_instances_at_once_is_one_backend_call_and_one_attempt_on_record()
    {
        var (poller, _) = await PollerAndOtherAsync();
        await poller.WaitForOperationAsync(Operation);
        // The backend answers slowly: the second request arrives while the first is still being sent.
        await cluster.Sim.SetFaultAsync("nsx", "west", SimFaultKind.Latency, latencyMs: 1500, path: "action=cancel");
        using var onA = await a.ApiClientAsync(Roles.Operator);
        using var onB = await b.ApiClientAsync(Roles.Operator);

        var answers = await Task.WhenAll(CancelAsync(onA, "shared-key-1"), CancelAsync(onB, "shared-key-1"));

        Assert.All(answers, answer => Assert.Equal(HttpStatusCode.OK, answer.Status));
        Assert.All(answers, answer => Assert.Contains("ABORTED", answer.Body, StringComparison.Ordinal));
        Assert.Single(cluster.Sim.ActionCalls("nsx", "west"));
        var entries = await AuditAsync();
        var attempt = Assert.Single(entries, e => e.Text("outcome") == "succeeded");
        var twin = Assert.Single(entries, e => e.Text("outcome") == "refused");
        Assert.Equal(2, entries.Count);
        Assert.Contains($"Same submit as attempt #{attempt.GetProperty("id").GetInt64()}", twin.Text("detail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_instance_that_does_not_poll_the_target_reads_it_from_the_backend_and_acts_once()
    {
        var (poller, other) = await PollerAndOtherAsync();
        await poller.WaitForOperationAsync(Operation);
        using var onOther = await other.ApiClientAsync(Roles.Operator);
        using var onPoller = await poller.ApiClientAsync(Roles.Operator);

        var first = await CancelAsync(onOther, "from-the-other-instance");
        var again = await CancelAsync(onPoller, "from-the-other-instance");

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Contains("ABORTED", first.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Single(cluster.Sim.ActionCalls("nsx", "west"));
        Assert.Equal(["succeeded", "refused"], (await AuditAsync()).Select(e => e.Text("outcome")));
    }

    [Fact]
    public async Task A_key_claimed_by_an_instance_that_died_mid_action_is_closed_as_interrupted_and_not_sent_again()
    {
        var (poller, _) = await PollerAndOtherAsync();
        await poller.WaitForOperationAsync(Operation);
        // What a kill -9 between claiming and completing leaves: a claim without an outcome, lapsed.
        await using (var connection = new NpgsqlConnection(cluster.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                """INSERT INTO action_claims ("Key", "Owner", "ExpiresAt") VALUES (@key, 'dead-instance', @expired)""", connection);
            command.Parameters.AddWithValue("key", ActionClaims.Hash($"op|{Operation}|cancel|api:crashed-key"));
            command.Parameters.AddWithValue("expired", DateTimeOffset.UtcNow.AddSeconds(-1).ToUnixTimeMilliseconds());
            await command.ExecuteNonQueryAsync();
        }
        using var client = await poller.ApiClientAsync(Roles.Operator);

        var answer = await CancelAsync(client, "crashed-key");
        var later = await CancelAsync(client, "another-key");

        Assert.Equal(HttpStatusCode.BadGateway, answer.Status);
        Assert.Contains("instance dead-instance, which stopped before its outcome was known", answer.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, later.Status);
        Assert.Single(cluster.Sim.ActionCalls("nsx", "west"));
    }

    /// <summary>The instance that holds the target's lease, and the other one.</summary>
    private async Task<(DashboardApp Poller, DashboardApp Other)> PollerAndOtherAsync()
    {
        var owner = await ScaleOutCluster.Until(TimeSpan.FromSeconds(30), "a lease on west", async () =>
            (await cluster.LeasesAsync()).GetValueOrDefault("west"));
        return owner == "a" ? (a, b) : (b, a);
    }

    private static async Task<(HttpStatusCode Status, string Body)> CancelAsync(HttpClient client, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(CancelPath, UriKind.Relative)) { Headers = { { "Idempotency-Key", key } } };
        using var response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The cancel attempts on record, oldest first (one trail: read from either instance).</summary>
    private async Task<List<JsonElement>> AuditAsync()
    {
        using var admin = await a.ApiClientAsync(Roles.Admin);
        return (await admin.GetJsonAsync("/api/audit?action=cancel")).EnumerateArray().Reverse().ToList();
    }
}
