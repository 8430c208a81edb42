using System.Diagnostics;
using System.Globalization;
using BackupRestore.Dashboard.Tests.Infrastructure;
using Npgsql;
using static BackupRestore.Bench.Report;

namespace BackupRestore.Bench;

/// <summary>
/// Figure 9: three dashboard instances on one throwaway PostgreSQL (ScaleOut:Enabled) sharing the targets: who polls
/// what, CPU per instance, a backend change to a browser on an instance that does not poll it, and takeover after kill -9.
/// </summary>
internal sealed class ScaleOutRun : IAsyncDisposable
{
    private const int Instances = 3;
    private const string SimPassword = "Bench-Sim-Passw0rd!";
    private const string AdminPassword = "Bench-Admin-Passw0rd!";
    private static readonly TimeSpan FastPoll = TimeSpan.FromSeconds(1);
    private readonly ChildProcess?[] instances = new ChildProcess?[Instances];
    private readonly string data = Path.Combine(Path.GetTempPath(), "brd-bench-cluster-" + Guid.NewGuid().ToString("n"));
    private readonly HttpClient simControl = new();
    private PostgresServer postgres = default!;
    private ChildProcess sim = default!;

    private ScaleOutRun(BenchSettings settings) => Settings = settings;

    private BenchSettings Settings { get; }

    private int Targets => Settings.ClusterTargets;

    public static async Task<IReadOnlyList<Row>> MeasureAsync(BenchSettings settings)
    {
        await using var run = new ScaleOutRun(settings);
        return await run.RunAsync();
    }

    private async Task<IReadOnlyList<Row>> RunAsync()
    {
        Console.WriteLine($"Three instances on one PostgreSQL, {Targets} targets...");
        postgres = await PostgresServer.StartAsync();
        sim = await ChildProcess.StartAsync(ChildProcess.Dll("BackupRestore.Simulator", Settings.Configuration),
            ["--port", "0", "--preset", "bench", "--targets", Targets.ToString(CultureInfo.InvariantCulture), "--password", SimPassword], new Dictionary<string, string>());
        for (var i = 0; i < Instances; i++)
        {
            // One at a time: the first creates the schema.
            await StartInstanceAsync(i);
        }
        var shares = await WaitForSpreadAsync(TimeSpan.FromMinutes(3));
        var shareText = string.Join(" / ", Enumerable.Range(0, Instances).Select(i => shares.GetValueOrDefault(Id(i)).ToString(CultureInfo.InvariantCulture)));

        var cpu = await CpuPerInstanceAsync(TimeSpan.FromSeconds(Settings.Enforce ? 30 : 5));
        var latencies = await CrossInstanceLatencyAsync(Settings.Enforce ? 20 : 3);
        var takeovers = new List<double>();
        for (var sample = 0; sample < Settings.TakeoverSamples; sample++)
        {
            takeovers.Add(await TakeoverAsync(sample % Instances));
        }
        var takeover = Percentile(takeovers, 50);
        return
        [
            new("9a", $"Three instances, {Targets} targets: targets polled by each (leases) / CPU of one core per instance",
                $"{shareText} / {string.Join(" / ", cpu.Select(c => c.ToString("0.0", CultureInfo.InvariantCulture) + " %"))}", "each target once, spread", Goal(shares.Values.Sum() == Targets && shares.Count == Instances)),
            new("9b", $"Backend change → row in Chromium on an instance that does not poll the target (poll every {FastPoll.TotalSeconds:0} s): p50 / p95",
                $"{Ms(Percentile(latencies, 50))} / {Ms(Percentile(latencies, 95))}", $"≤ poll + 1 s ({(FastPoll + TimeSpan.FromSeconds(1)).TotalMilliseconds:0} ms)",
                Goal(Percentile(latencies, 95) <= (FastPoll + TimeSpan.FromSeconds(1)).TotalMilliseconds)),
            new("9c", $"kill -9 of an instance → all {Targets} targets leased by the others again, median of {takeovers.Count}",
                Ms(takeover), "≤ 15 s", Goal(takeover <= 15_000)),
        ];
    }

    private bool? Goal(bool met) => Settings.Enforce ? met : null;

    private static string Id(int i) => $"bench-{i + 1}";

    private async Task StartInstanceAsync(int i)
    {
        var env = BenchRun.BaseEnvironment(Path.Combine(data, Id(i)));
        env["Database__Provider"] = "postgres";
        env["ConnectionStrings__Dashboard"] = postgres.ConnectionString("dashboard").Replace("Pooling=false", "Pooling=true", StringComparison.Ordinal);
        env["Instance__Id"] = Id(i);
        env["ScaleOut__Enabled"] = "true";
        for (var t = 0; t < Targets; t++)
        {
            var name = $"bench-{t:0000}";
            env[$"Targets__{t}__Name"] = name;
            env[$"Targets__{t}__System"] = "nsx";
            env[$"Targets__{t}__BaseUrl"] = new Uri(sim.Address, $"nsx/{name}").ToString();
            env[$"Targets__{t}__UserName"] = "admin";
            env[$"Targets__{t}__Password"] = SimPassword;
            env[$"Targets__{t}__PollInterval"] = t < BenchSettings.FastTargets ? FastPoll.ToString("c", CultureInfo.InvariantCulture) : "00:00:05";
        }
        instances[i] = await ChildProcess.StartAsync(ChildProcess.Dll("BackupRestore.Dashboard", Settings.Configuration), [], env);
    }

    /// <summary>Live leases per owner.</summary>
    private async Task<Dictionary<string, int>> SharesAsync()
    {
        await using var connection = new NpgsqlConnection(postgres.ConnectionString("dashboard"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""SELECT "Owner", count(*) FROM target_leases WHERE "ExpiresAt" > now() GROUP BY "Owner" """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var shares = new Dictionary<string, int>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            shares[reader.GetString(0)] = (int)reader.GetInt64(1);
        }
        return shares;
    }

    private async Task<string?> OwnerAsync(string target)
    {
        await using var connection = new NpgsqlConnection(postgres.ConnectionString("dashboard"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""SELECT "Owner" FROM target_leases WHERE "Target" = @t AND "ExpiresAt" > now()""", connection);
        command.Parameters.AddWithValue("t", target);
        return await command.ExecuteScalarAsync() as string;
    }

    /// <summary>Until every target is leased and every running instance holds some, within <paramref name="limit"/>.</summary>
    private async Task<Dictionary<string, int>> WaitForSpreadAsync(TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        var running = instances.Count(p => p is not null);
        while (true)
        {
            if (instances.FirstOrDefault(p => p is { HasExited: true }) is { } dead)
            {
                throw new InvalidOperationException($"A dashboard instance exited:\n{dead.Problems}");
            }
            var shares = await SharesAsync();
            if ((shares.Values.Sum() == Targets && shares.Count == running) || clock.Elapsed > limit)
            {
                return shares;
            }
            await Task.Delay(250);
        }
    }

    private async Task<List<double>> CpuPerInstanceAsync(TimeSpan window)
    {
        Console.WriteLine($"  CPU per instance over {window.TotalSeconds:0} s...");
        var before = instances.Select(p => p!.CpuTime()).ToList();
        var clock = Stopwatch.StartNew();
        await Task.Delay(window);
        return instances.Select((p, i) => (p!.CpuTime() - before[i]).TotalSeconds / clock.Elapsed.TotalSeconds * 100).ToList();
    }

    /// <summary>From the POST that changes the backend to the row's new version in a tab on another instance.</summary>
    private async Task<List<double>> CrossInstanceLatencyAsync(int samples)
    {
        Console.WriteLine($"  Backend change → browser on another instance, {samples} samples...");
        var latencies = new List<double>();
        var chromium = new Dictionary<int, Browsers>();
        try
        {
            for (var i = 0; i < samples; i++)
            {
                latencies.Add(await CrossInstanceSampleAsync(i, chromium));
            }
        }
        finally
        {
            foreach (var browsers in chromium.Values)
            {
                await browsers.DisposeAsync();
            }
        }
        return latencies;
    }

    private async Task<double> CrossInstanceSampleAsync(int i, Dictionary<int, Browsers> chromium)
    {
        var target = $"bench-{i % BenchSettings.FastTargets:0000}";
        var owner = await OwnerAsync(target);
        var viewer = Enumerable.Range(0, Instances).First(n => Id(n) != owner);
        if (!chromium.TryGetValue(viewer, out var browsers))
        {
            browsers = chromium[viewer] = await Browsers.LaunchAsync(instances[viewer]!.Address, "admin", AdminPassword);
        }
        var page = await browsers.OpenAsync($"/?target={target}");
        var id = $"{target}:cluster-restore";
        var before = await page.EvaluateAsync<long>("id => Number(document.querySelector(`td[data-op=\"${CSS.escape(id)}\"]`)?.dataset.version ?? 0)", id);
        var dom = page.EvaluateAsync<double[]>(BenchRun.WaitForRowScript, new object[] { id, before });
        var sent = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await ChangeStream.SteerAsync(simControl, sim.Address, target, "complete-step");
        try
        {
            return (await dom.WaitAsync(TimeSpan.FromSeconds(15)))[0] - sent;
        }
        catch (TimeoutException)
        {
            Console.WriteLine($"  sample {i}: {target} did not change on {Id(viewer)} within 15 s");
            return 15_000;
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    /// <summary>kill -9 one instance; the time until the others hold every lease; then it comes back for the next sample.</summary>
    private async Task<double> TakeoverAsync(int victim)
    {
        Console.WriteLine($"  kill -9 {Id(victim)}...");
        var process = instances[victim]!;
        var clock = Stopwatch.StartNew();
        Process.GetProcessById(process.Id).Kill();
        instances[victim] = null;
        await process.DisposeAsync();
        var elapsed = 60_000.0;
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            var shares = await SharesAsync();
            if (!shares.ContainsKey(Id(victim)) && shares.Values.Sum() == Targets)
            {
                elapsed = clock.Elapsed.TotalMilliseconds;
                break;
            }
            await Task.Delay(100);
        }
        await StartInstanceAsync(victim);
        await WaitForSpreadAsync(TimeSpan.FromMinutes(1));
        return elapsed;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var instance in instances)
        {
            if (instance is not null)
            {
                await instance.DisposeAsync();
            }
        }
        if (sim is not null)
        {
            await sim.DisposeAsync();
        }
        if (postgres is not null)
        {
            await postgres.DisposeAsync();
        }
        simControl.Dispose();
        if (Directory.Exists(data))
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
