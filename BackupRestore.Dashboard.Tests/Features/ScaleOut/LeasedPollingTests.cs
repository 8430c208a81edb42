using System.Diagnostics;
using BackupRestore.Dashboard.Tests.Infrastructure;
using Npgsql;

namespace BackupRestore.Dashboard.Tests.Features.ScaleOut;

/// <summary>Several instances on one PostgreSQL: each target is polled by exactly one of them, and by another when that one dies.</summary>
public sealed class LeasedPollingTests : IAsyncLifetime
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    private ScaleOutCluster cluster = default!;

    public async Task InitializeAsync() => cluster = await ScaleOutCluster.StartAsync();

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    [Fact]
    public async Task Two_instances_split_the_targets_and_each_target_is_read_by_its_lease_holder_only()
    {
        await using var a = DashboardApp.Start(cluster.Targets(PollInterval), settings: cluster.Settings("a", fastLeases: true));
        await using var b = DashboardApp.Start(cluster.Targets(PollInterval), settings: cluster.Settings("b", fastLeases: true));

        var leases = await cluster.WaitForSplitAsync(TimeSpan.FromSeconds(30), "a", "b");
        var mark = await cluster.SettledMarkAsync(leases);
        var callers = await ScaleOutCluster.Until(TimeSpan.FromSeconds(30), "three reads of every target", () =>
            Task.FromResult(cluster.CallersSince(mark) is var seen && seen.Values.All(c => c.Length >= 3) ? seen : null));

        Assert.Equal(leases, await cluster.LeasesAsync());
        Assert.All(ScaleOutCluster.Names, name => Assert.Equal([ScaleOutCluster.Agent(leases[name])], callers[name].Distinct()));
    }

    [Fact]
    public async Task When_an_instance_is_killed_the_other_polls_all_targets_within_15_seconds_and_a_returning_one_gets_its_share_back()
    {
        // Default lease timings: the 15 s promise is about them.
        await using var b = DashboardApp.Start(cluster.Targets(PollInterval), settings: cluster.Settings("b", fastLeases: false));
        var a = await StartProcessAsync("a");
        try
        {
            await cluster.WaitForSplitAsync(TimeSpan.FromSeconds(30), "a", "b");
        }
        finally
        {
            await a.DisposeAsync(); // kill -9: no lease is given back
        }
        var killed = Stopwatch.StartNew();
        var mark = cluster.Mark();

        await ScaleOutCluster.Until(TimeSpan.FromSeconds(30), "instance b reading every target", () =>
            Task.FromResult(cluster.CallersSince(mark).Values.All(c => c.Contains(ScaleOutCluster.Agent("b"))) ? new object() : null));
        var takeover = killed.Elapsed;

        Assert.True(takeover < TimeSpan.FromSeconds(15), $"b polled all targets {takeover.TotalSeconds:0.0} s after a was killed.");
        Assert.All((await cluster.LeasesAsync()).Values, owner => Assert.Equal("b", owner));

        await using var back = await StartProcessAsync("a-again");
        var leases = await cluster.WaitForSplitAsync(TimeSpan.FromSeconds(30), "a-again", "b");
        var since = await cluster.SettledMarkAsync(leases);
        var callers = await ScaleOutCluster.Until(TimeSpan.FromSeconds(30), "two reads of every target", () =>
            Task.FromResult(cluster.CallersSince(since) is var seen && seen.Values.All(c => c.Length >= 2) ? seen : null));
        Assert.All(ScaleOutCluster.Names, name => Assert.Equal([ScaleOutCluster.Agent(leases[name])], callers[name].Distinct()));
    }

    [Fact]
    public async Task A_renewal_that_waits_on_the_database_stops_the_reads_by_the_fence_and_they_resume_once_it_renews()
    {
        await using var a = DashboardApp.Start(cluster.Targets(PollInterval), settings: cluster.Settings("a", fastLeases: true));
        var leases = await cluster.WaitForSplitAsync(TimeSpan.FromSeconds(30), "a");
        await cluster.SettledMarkAsync(leases);

        await using var connection = new NpgsqlConnection(cluster.ConnectionString);
        await connection.OpenAsync();
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            // Renewals now wait for the lock instead of failing (reads of the leases still go through): nothing but the
            // fence on the local clock can stop a's pollers before its leases expire and another instance could take them.
            await using (var command = new NpgsqlCommand("LOCK TABLE target_leases IN EXCLUSIVE MODE", connection, transaction))
            {
                await command.ExecuteNonQueryAsync();
            }
            await QuietStretchAsync(TimeSpan.FromSeconds(15), PollInterval * 3);
            await transaction.CommitAsync();
        }

        var mark = cluster.Mark();
        await ScaleOutCluster.Until(TimeSpan.FromSeconds(30), "a reading every target again", () =>
            Task.FromResult(cluster.CallersSince(mark).Values.All(c => c.Contains(ScaleOutCluster.Agent("a"))) ? new object() : null));
        Assert.All((await cluster.LeasesAsync()).Values, owner => Assert.Equal("a", owner));
    }

    /// <summary>Waits until no target has been read for <paramref name="stretch"/> (the marks are taken as it goes).</summary>
    private async Task QuietStretchAsync(TimeSpan within, TimeSpan stretch)
    {
        var clock = Stopwatch.StartNew();
        var marks = new List<(TimeSpan At, Dictionary<string, int> Mark)>();
        await ScaleOutCluster.Until(within, $"{stretch.TotalSeconds} s without a read of any target", () =>
        {
            marks.Add((clock.Elapsed, cluster.Mark()));
            var old = marks.LastOrDefault(m => clock.Elapsed - m.At >= stretch);
            return Task.FromResult(old.Mark is { } since && cluster.CallersSince(since).Values.All(c => c.Length == 0) ? new object() : null);
        });
    }

    private async Task<DashboardProcess> StartProcessAsync(string instanceId)
    {
        var targets = cluster.Targets(PollInterval);
        var environment = targets.SelectMany((t, i) => DashboardProcess.TargetEnvironment(i, t)).ToDictionary();
        environment["Database__Provider"] = "postgres";
        environment["ConnectionStrings__Dashboard"] = cluster.ConnectionString;
        environment["Instance__Id"] = instanceId;
        environment["ScaleOut__Enabled"] = "true";
        environment["Data__Folder"] = Path.Combine(Path.GetTempPath(), "brd-tests", "scaleout-" + Guid.NewGuid().ToString("n"));
        environment["Auth__BootstrapAdmin__Password"] = DashboardApp.AdminPassword;
        return await DashboardProcess.StartAsync(environment);
    }
}
