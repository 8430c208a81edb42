using System.Net.Http.Json;
using BackupRestore.Dashboard.Features.Targets;
using BackupRestore.Simulator;
using BackupRestore.Simulator.Nsx;

namespace BackupRestore.Dashboard.Tests.Infrastructure;

/// <summary>A simulator on a loopback port with an empty fleet and a manual clock; tests add the targets they need.</summary>
public sealed class SimulatorHandle : IAsyncDisposable
{
    public const string UserName = "admin";
    public const string Password = "Sim-Secret-Passw0rd!";

    private SimulatorHandle(RunningSimulator running, ManualTimeProvider time)
    {
        Running = running;
        Time = time;
    }

    public RunningSimulator Running { get; }

    public ManualTimeProvider Time { get; }

    public SimFleet Fleet => Running.Fleet;

    public HttpClient Control { get; } = new();

    public static async Task<SimulatorHandle> StartAsync()
    {
        var time = new ManualTimeProvider(DateTimeOffset.UtcNow);
        var running = await SimulatorApp.StartAsync(new SimulatorSettings
        {
            Preset = FleetPresets.Empty,
            Credentials = new SimCredentials(UserName, Password),
            Time = time,
        });
        return new SimulatorHandle(running, time);
    }

    public NsxMachine AddNsx(string name, NsxScenario scenario) => Fleet.AddNsx(name, scenario).MachineAs<NsxMachine>();

    public SimTarget Target(string system, string name) =>
        Fleet.Find(system, name) ?? throw new InvalidOperationException($"No simulated {system} target '{name}'.");

    /// <summary>Dashboard configuration for a simulated target, as the demo builds it.</summary>
    public TargetOptions TargetOptions(string system, string name, TimeSpan? pollInterval = null, string? auth = null)
    {
        var target = Fleet.Find(system, name) ?? new SimTarget(system, name, Fleet.Credentials, new object());
        var options = BackupRestore.Dashboard.Features.Demo.DemoFleet.SimulatedTarget(Running, target, Password, pollInterval ?? TimeSpan.FromSeconds(5));
        options.Auth = auth;
        return options;
    }

    public async Task ExpireIamTokensAsync()
    {
        using var response = await Control.PostAsync(new Uri(Running.Address, "/_sim/iam/revoke-tokens"), null);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>The calls a target answered, without the status reads: what would change something.</summary>
    public IReadOnlyList<string> ActionCalls(string system, string name) =>
        Target(system, name).CallLog.Where(c => !c.StartsWith("GET ", StringComparison.Ordinal) && !c.Contains("/session", StringComparison.Ordinal)).ToList();

    public async Task SetFaultAsync(string system, string name, SimFaultKind kind, int latencyMs = 0)
    {
        using var response = await Control.PutAsJsonAsync(new Uri(Running.Address, $"/_sim/{system}/{name}/fault"), new { kind = kind.ToString(), latencyMs });
        response.EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        Control.Dispose();
        await Running.DisposeAsync();
    }
}
