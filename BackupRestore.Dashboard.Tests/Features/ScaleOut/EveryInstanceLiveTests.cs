using System.Diagnostics;
using System.Net.Http.Json;
using BackupRestore.Dashboard.Features.Auth;
using BackupRestore.Dashboard.Features.History;
using BackupRestore.Dashboard.Features.Operations;
using BackupRestore.Dashboard.Features.ScaleOut;
using BackupRestore.Dashboard.Tests.Infrastructure;
using Npgsql;

namespace BackupRestore.Dashboard.Tests.Features.ScaleOut;

/// <summary>
/// Several instances on one PostgreSQL: what one instance's poll sees reaches every instance's store (API, hub,
/// pages) through the shared tables and NOTIFY; the history is written once, by the poller only.
/// </summary>
public sealed class EveryInstanceLiveTests : IAsyncLifetime
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    private ScaleOutCluster cluster = default!;

    public async Task InitializeAsync() => cluster = await ScaleOutCluster.StartAsync();

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    [Fact]
    public async Task A_change_polled_by_A_is_in_Bs_api_within_a_poll_plus_one_second_and_recorded_once()
    {
        await using var a = DashboardApp.Start(cluster.Targets(PollInterval), settings: cluster.Settings("a", fastLeases: true));
        await using var b = DashboardApp.Start(cluster.Targets(PollInterval), settings: cluster.Settings("b", fastLeases: true));
        var leases = await cluster.WaitForSplitAsync(TimeSpan.FromSeconds(30), "a", "b");
        using var api = await b.ApiClientAsync(Roles.Viewer);
        // Every target is on B, half of them polled by A.
        await ScaleOutCluster.Until(TimeSpan.FromSeconds(30), "all 20 operations in B's API", async () =>
            await OperationsAsync(api) is { Count: ScaleOutCluster.TargetCount } all ? all : null);

        var target = leases.First(l => l.Value == "a").Key;
        var id = $"{target}:cluster-restore";
        var changed = Stopwatch.StartNew();
        cluster.StartRestore(target);

        await ScaleOutCluster.Until(PollInterval + TimeSpan.FromSeconds(3), $"{id} running in B's API", async () =>
            (await OperationsAsync(api)).FirstOrDefault(o => o.Id == id && o.State == OperationState.Running));
        var seen = changed.Elapsed;
        Assert.True(seen < PollInterval + TimeSpan.FromSeconds(1), $"B's API showed the change {seen.TotalMilliseconds:0} ms after the backend changed.");
        Assert.Null(b.Get<OperationStore>().Find(id)!.Operation.TargetIssue);
        Assert.Contains(b.Get<Dashboard.Features.Targets.TargetHealthBoard>().All, h => h.Name == target && h.Reachable);

        // Once-only: each state of each operation is one timeline event, written by its poller alone.
        await a.Get<HistoryRecorder>().FlushAsync();
        await b.Get<HistoryRecorder>().FlushAsync();
        var events = await EventsAsync();
        Assert.Single(events, e => e.OperationId == id && e.FromState == "idle" && e.ToState == "running");
        Assert.All(events.GroupBy(e => e.OperationId), g => Assert.Single(g, e => e.FromState is null));
        Assert.DoesNotContain(events.GroupBy(e => e), g => g.Count() > 1);

        // A goes away: B takes its targets over and, starting from what A shared, records nothing again.
        var before = events.Count(e => e.OperationId != id);
        await a.DisposeAsync();
        var mark = cluster.Mark();
        await ScaleOutCluster.Until(TimeSpan.FromSeconds(30), "B reading every target twice", () =>
            Task.FromResult(cluster.CallersSince(mark).Values.All(c => c.Count(u => u == ScaleOutCluster.Agent("b")) >= 2) ? new object() : null));
        await b.Get<HistoryRecorder>().FlushAsync();
        Assert.Equal(before, (await EventsAsync()).Count(e => e.OperationId != id));
    }

    [Fact]
    public async Task Poll_times_of_As_targets_reach_Bs_health_board_while_their_operations_stay_the_same()
    {
        await using var a = DashboardApp.Start(cluster.Targets(PollInterval), settings: cluster.Settings("a", fastLeases: true));
        await using var b = DashboardApp.Start(cluster.Targets(PollInterval), settings: cluster.Settings("b", fastLeases: true));
        var leases = await cluster.WaitForSplitAsync(TimeSpan.FromSeconds(30), "a", "b");
        var target = leases.First(l => l.Value == "a").Key;
        var board = b.Get<Dashboard.Features.Targets.TargetHealthBoard>();

        var first = await ScaleOutCluster.Until(TimeSpan.FromSeconds(30), $"B knowing when A polled {target}", () =>
            Task.FromResult(board.All.FirstOrDefault(h => h.Name == target && h.LastPollAt is not null)));
        var version = b.Get<OperationStore>().Find($"{target}:cluster-restore")!.Operation.Version;
        // Shared every LiveStateWriter.PollTimesEvery; the notification says only the health changed.
        var later = await ScaleOutCluster.Until(LiveStateWriter.PollTimesEvery + TimeSpan.FromSeconds(10), $"a later poll time of {target} on B", () =>
            Task.FromResult(board.All.FirstOrDefault(h => h.Name == target && h.LastPollAt > first.LastPollAt)));

        Assert.True(later.Reachable);
        Assert.Equal(version, b.Get<OperationStore>().Find($"{target}:cluster-restore")!.Operation.Version);
    }

    [Fact]
    public async Task A_listener_that_lost_its_connection_reads_every_target_again_and_misses_nothing()
    {
        await using var b = DashboardApp.Start(cluster.Targets(PollInterval), settings: cluster.Settings("b", fastLeases: true));
        var listener = b.Get<LiveStateListener>();
        await ScaleOutCluster.Until(TimeSpan.FromSeconds(30), "B holding every lease", async () => (await cluster.LeasesAsync()).Count == ScaleOutCluster.TargetCount ? new object() : null);
        // nsx-20 goes to an instance that never polls: B stops polling it, and its state comes only from the tables, as written below.
        const string Ghosted = "nsx-20";
        await ExecuteAsync("""UPDATE target_leases SET "Owner" = 'ghost', "ExpiresAt" = now() + interval '1 hour' WHERE "Target" = $1""", Ghosted);
        var polledHere = b.Get<PolledHere>();
        await ScaleOutCluster.Until(TimeSpan.FromSeconds(30), "B no longer polling nsx-20, and listening", () =>
            Task.FromResult(!polledHere.Contains(Ghosted) && listener.Listening ? new object() : null));

        await WriteGhostAsync(Ghosted, "first", notify: true);
        await WaitForMessageAsync(b, Ghosted, "first");

        // Written while B listens, but never announced: like a change committed while B's connection was down.
        await WriteGhostAsync(Ghosted, "second", notify: false);
        var resyncs = listener.Resyncs;
        Assert.Equal(1L, await ScalarAsync("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = $1", listener.ApplicationName));

        await WaitForMessageAsync(b, Ghosted, "second");
        Assert.True(listener.Resyncs > resyncs);
        Assert.True(listener.Listening);
    }

    private async Task WriteGhostAsync(string target, string message, bool notify)
    {
        var operation = new Operation
        {
            Id = $"{target}:cluster-restore", Target = target, System = "nsx", Kind = "restore", State = OperationState.Running,
            VendorStatus = "RUNNING", Message = message, UpdatedAt = DateTimeOffset.UtcNow,
        };
        await ExecuteAsync("""
            INSERT INTO live_operations ("OperationId", "Target", "Json", "Fingerprint") VALUES ($1, $2, $3, $4)
            ON CONFLICT ("OperationId") DO UPDATE SET "Json" = excluded."Json", "Fingerprint" = excluded."Fingerprint"
            """, operation.Id, target, LiveRows.OperationJson(operation), message);
        // Versions only grow, as a real writer's do: B may already have read this target at a version of its own polls.
        var version = await ScalarAsync("""
            INSERT INTO live_targets ("Target", "Version", "Writer") VALUES ($1, 1, 'ghost')
            ON CONFLICT ("Target") DO UPDATE SET "Version" = live_targets."Version" + 1, "Writer" = 'ghost'
            RETURNING "Version"
            """, target);
        if (notify)
        {
            await ExecuteAsync($"SELECT pg_notify('{LiveStateTables.Channel}', $1)", $"ghost\n{version}\t{target}");
        }
    }

    private static Task<OperationEntry> WaitForMessageAsync(DashboardApp app, string target, string message) =>
        ScaleOutCluster.Until(TimeSpan.FromSeconds(15), $"'{message}' on {target}", () =>
            Task.FromResult(app.Get<OperationStore>().Find($"{target}:cluster-restore") is { Operation.Message: var m } entry && m == message ? entry : null));

    private static async Task<List<Operation>> OperationsAsync(HttpClient api) =>
        await api.GetFromJsonAsync<List<Operation>>("/api/operations", System.Text.Json.JsonSerializerOptions.Web) ?? [];

    private sealed record Event(string OperationId, string? FromState, string ToState, string? ToVendorStatus, string? Step, string? Message);

    private async Task<List<Event>> EventsAsync()
    {
        await using var connection = new NpgsqlConnection(cluster.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """SELECT "OperationId", "FromState", "ToState", "ToVendorStatus", "Step", "Message" FROM operation_events""", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var events = new List<Event>();
        while (await reader.ReadAsync())
        {
            events.Add(new Event(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5)));
        }
        return events;
    }

    private async Task ExecuteAsync(string sql, params object[] values) => await ScalarAsync(sql, values);

    private async Task<object?> ScalarAsync(string sql, params object[] values)
    {
        await using var connection = new NpgsqlConnection(cluster.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }
        return await command.ExecuteScalarAsync();
    }
}
