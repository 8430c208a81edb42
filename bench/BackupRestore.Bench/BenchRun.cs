using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace BackupRestore.Bench;

/// <summary>One simulator and one dashboard (Release), separate processes on loopback, and the measurements made against them.</summary>
internal sealed partial class BenchRun : IAsyncDisposable
{
    private const string SimPassword = "Bench-Sim-Passw0rd!";
    private const string AdminPassword = "Bench-Admin-Passw0rd!";
    private readonly string data = Path.Combine(Path.GetTempPath(), "brd-bench-" + Guid.NewGuid().ToString("n"));

    private BenchRun(BenchSettings settings, int targets, int fastTargets)
    {
        Settings = settings;
        Targets = targets;
        FastTargets = fastTargets;
    }

    public BenchSettings Settings { get; }

    public int Targets { get; }

    /// <summary>The first this many targets are polled every 0.2 s (the latency samples change them), the rest every 5 s.</summary>
    public int FastTargets { get; }

    private ChildProcess Sim { get; set; } = default!;

    private ChildProcess Dashboard { get; set; } = default!;

    private DashboardClient Admin { get; set; } = default!;

    private HttpClient SimControl { get; } = new();

    /// <summary>The background changes (over the targets polled every 5 s), one stream for the whole run.</summary>
    private ChangeStream Changes { get; set; } = default!;

    public static async Task<BenchRun> StartAsync(BenchSettings settings, int targets, int fastTargets = BenchSettings.FastTargets)
    {
        // Half at most: the background changes and figure 5 need slow targets too (short runs have few).
        var run = new BenchRun(settings, targets, Math.Min(fastTargets, Math.Max(1, targets / 2)));
        Console.WriteLine($"Starting the simulator ({targets} NSX managers) and the dashboard...");
        run.Sim = await ChildProcess.StartAsync(ChildProcess.Dll("BackupRestore.Simulator", settings.Configuration),
            ["--port", "0", "--preset", "bench", "--targets", targets.ToString(CultureInfo.InvariantCulture), "--password", SimPassword], new Dictionary<string, string>());
        run.Changes = new ChangeStream(run.SimControl, run.Sim.Address,
            [.. Enumerable.Range(run.FastTargets, targets - run.FastTargets).Select(i => $"bench-{i:0000}")]);
        run.Dashboard = await ChildProcess.StartAsync(ChildProcess.Dll("BackupRestore.Dashboard", settings.Configuration), [], run.Environment());
        run.Admin = new DashboardClient(run.Dashboard.Address, "admin", AdminPassword);
        await run.WaitForAllPolledAsync();
        return run;
    }

    public static Dictionary<string, string> BaseEnvironment(string data) => new()
    {
        ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["Demo__Enabled"] = "false",
        ["Data__Folder"] = data,
        ["Auth__BootstrapAdmin__Password"] = AdminPassword,
        ["Logging__LogLevel__Default"] = "Warning",
        ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
    };

    private Dictionary<string, string> Environment()
    {
        var env = BaseEnvironment(data);
        env["Live__DisconnectedCircuitRetention"] = Settings.Retention.ToString("c", CultureInfo.InvariantCulture);
        for (var i = 0; i < Targets; i++)
        {
            var name = $"bench-{i:0000}";
            env[$"Targets__{i}__Name"] = name;
            env[$"Targets__{i}__System"] = "nsx";
            env[$"Targets__{i}__BaseUrl"] = new Uri(Sim.Address, $"nsx/{name}").ToString();
            env[$"Targets__{i}__UserName"] = "admin";
            env[$"Targets__{i}__Password"] = SimPassword;
            env[$"Targets__{i}__PollInterval"] = i < FastTargets ? "00:00:00.2" : "00:00:05";
        }
        return env;
    }

    private async Task WaitForAllPolledAsync()
    {
        var deadline = DateTimeOffset.UtcNow.AddMinutes(2);
        while ((await Admin.DiagnosticsAsync()).GetProperty("operations").GetInt32() < Targets)
        {
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException("The dashboard did not read every target within two minutes.");
            }
            await Task.Delay(200);
        }
    }

    private async Task<long> SimConnectionsAsync() =>
        (await SimControl.GetFromJsonAsync<JsonElement>(new Uri(Sim.Address, "_sim/stats"))).GetProperty("connectionsOpened").GetInt64();

    private bool? Goal(bool met) => Settings.Enforce ? met : null;

    public async ValueTask DisposeAsync()
    {
        Admin?.Dispose();
        SimControl.Dispose();
        if (Dashboard is not null)
        {
            await Dashboard.DisposeAsync();
        }
        if (Sim is not null)
        {
            await Sim.DisposeAsync();
        }
        try
        {
            Directory.Delete(data, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
