using BackupRestore.Dashboard.Features.Targets;
using BackupRestore.Dashboard.Tests.Infrastructure;
using BackupRestore.Simulator.Nsx;
using Npgsql;

namespace BackupRestore.Dashboard.Tests.Features.ScaleOut;

/// <summary>
/// A throwaway PostgreSQL, a simulator with <see cref="TargetCount"/> NSX managers, and what the tests read of
/// them: who holds which lease, and which instance (User-Agent) made each call a target answered.
/// </summary>
public sealed class ScaleOutCluster : IAsyncDisposable
{
    public const int TargetCount = 20;

    private ScaleOutCluster(PostgresServer postgres, SimulatorHandle sim, string database)
    {
        Postgres = postgres;
        Sim = sim;
        ConnectionString = postgres.ConnectionString(database);
    }

    public PostgresServer Postgres { get; }

    public SimulatorHandle Sim { get; }

    public string ConnectionString { get; }

    public static IEnumerable<string> Names => Enumerable.Range(1, TargetCount).Select(i => $"nsx-{i:00}");

    public static async Task<ScaleOutCluster> StartAsync()
    {
        var postgres = await PostgresServer.StartAsync();
        var sim = await SimulatorHandle.StartAsync();
        var cluster = new ScaleOutCluster(postgres, sim, "scaleout");
        foreach (var name in Names)
        {
            sim.AddNsx(name, NsxScenario.IdleWithBackups);
        }
        return cluster;
    }

    public IReadOnlyList<TargetOptions> Targets(TimeSpan pollInterval) => Names.Select(n => Sim.TargetOptions("nsx", n, pollInterval)).ToList();

    /// <summary>Settings of one in-process instance on the shared database.</summary>
    public Dictionary<string, string?> Settings(string instanceId, bool fastLeases)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = "postgres",
            ["ConnectionStrings:Dashboard"] = ConnectionString,
            ["Instance:Id"] = instanceId,
            ["ScaleOut:Enabled"] = "true",
        };
        if (fastLeases)
        {
            settings["ScaleOut:RenewInterval"] = "00:00:00.5";
            settings["ScaleOut:LeaseDuration"] = "00:00:03";
        }
        return settings;
    }

    /// <summary>A backend change: <paramref name="target"/> starts restoring its first backup (idle → running at its next poll).</summary>
    public void StartRestore(string target)
    {
        var machine = Sim.Target("nsx", target).MachineAs<NsxMachine>();
        var backup = machine.Backups[0];
        machine.Start(new NsxInitiateRequest(backup.NodeId, backup.Timestamp, null));
    }

    public static string Agent(string instanceId) => $"BackupRestore.Dashboard (instance {instanceId})";

    /// <summary>Live leases: target → owner.</summary>
    public async Task<Dictionary<string, string>> LeasesAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""SELECT "Target", "Owner" FROM target_leases WHERE "ExpiresAt" > now()""", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var leases = new Dictionary<string, string>();
        while (await reader.ReadAsync())
        {
            leases[reader.GetString(0)] = reader.GetString(1);
        }
        return leases;
    }

    /// <summary>Waits until the leases of all targets are split evenly between <paramref name="instances"/>.</summary>
    public Task<Dictionary<string, string>> WaitForSplitAsync(TimeSpan within, params string[] instances) =>
        Until(within, $"the {TargetCount} targets split evenly between {string.Join(", ", instances)}", async () =>
        {
            var leases = await LeasesAsync();
            var counts = instances.Select(i => leases.Values.Count(o => o == i)).ToList();
            return leases.Count == TargetCount && counts.All(c => c == TargetCount / instances.Length) ? leases : null;
        });

    /// <summary>
    /// A mark taken once every target has answered its lease holder since the split: a read the previous holder
    /// sent before it gave the lease back, but which the simulator answered late (two busy cores), falls before it.
    /// </summary>
    public async Task<Dictionary<string, int>> SettledMarkAsync(Dictionary<string, string> leases)
    {
        var split = Mark();
        await Until(TimeSpan.FromSeconds(30), "a read of every target by its lease holder", () =>
            Task.FromResult(CallersSince(split).All(c => c.Value.Contains(Agent(leases[c.Key]))) ? new object() : null));
        return Mark();
    }

    /// <summary>How many calls each target has answered so far: a mark to read later calls from.</summary>
    public Dictionary<string, int> Mark() => Names.ToDictionary(n => n, n => Sim.Target("nsx", n).Callers.Count);

    /// <summary>The User-Agents of the calls each target answered since <paramref name="mark"/>.</summary>
    public Dictionary<string, string[]> CallersSince(Dictionary<string, int> mark) =>
        Names.ToDictionary(n => n, n => Sim.Target("nsx", n).Callers.ToArray().Skip(mark[n]).ToArray());

    /// <summary>Polls <paramref name="check"/> (about ten times a second) until it gives a value, or fails naming what was awaited.</summary>
    public static async Task<T> Until<T>(TimeSpan within, string what, Func<Task<T?>> check) where T : class
    {
        var deadline = DateTimeOffset.UtcNow + within;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        do
        {
            if (await check() is { } value)
            {
                return value;
            }
        }
        while (DateTimeOffset.UtcNow < deadline && await timer.WaitForNextTickAsync());
        throw new TimeoutException($"Waited {within.TotalSeconds} s for {what}.");
    }

    public async ValueTask DisposeAsync()
    {
        await Sim.DisposeAsync();
        await Postgres.DisposeAsync();
    }
}
