using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using BackupRestore.Dashboard.Features.Targets;
using Microsoft.Extensions.Time.Testing;
using BackupRestore.Simulator;
using BackupRestore.Simulator.Nsx;

namespace BackupRestore.Dashboard.Tests.Infrastructure;

/// <summary>A simulator on a loopback port with an empty fleet and a fake clock; tests add the targets they need.</summary>
public sealed class SimulatorHandle : IAsyncDisposable
{
    public const string UserName = "admin";
    public const string Password = "Sim-Secret-Passw0rd!";

    private SimulatorHandle(RunningSimulator running, FakeTimeProvider time)
    {
        Running = running;
        Time = time;
        var handler = new SocketsHttpHandler();
        if (running.Certificate is { } own)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, seen, _, _) => seen is not null && seen.GetRawCertData().AsSpan().SequenceEqual(own.RawData);
        }
        Control = new HttpClient(handler);
    }

    public RunningSimulator Running { get; }

    public FakeTimeProvider Time { get; }

    public SimFleet Fleet => Running.Fleet;

    /// <summary>Talks to the simulator's control endpoints (over HTTPS: trusting exactly the simulator's own certificate).</summary>
    public HttpClient Control { get; }

    /// <param name="certificate">Serve HTTPS with this certificate.</param>
    /// <param name="documentedOnly">Serve only the calls the vendors document.</param>
    public static async Task<SimulatorHandle> StartAsync(X509Certificate2? certificate = null, bool documentedOnly = false)
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var running = await SimulatorApp.StartAsync(new SimulatorSettings
        {
            Preset = FleetPresets.Empty,
            Credentials = new SimCredentials(UserName, Password),
            Time = time,
            Certificate = certificate,
            DocumentedOnly = documentedOnly,
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

    /// <param name="path">Only calls whose path contains this text get the fault.</param>
    public async Task SetFaultAsync(string system, string name, SimFaultKind kind, int latencyMs = 0, string? path = null)
    {
        using var response = await Control.PutAsJsonAsync(new Uri(Running.Address, $"/_sim/{system}/{name}/fault"), new { kind = kind.ToString(), latencyMs, path });
        response.EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        Control.Dispose();
        await Running.DisposeAsync();
    }
}
