using BackupRestore.Dashboard.Features.Targets;
using BackupRestore.Dashboard.Tests.Infrastructure;
using BackupRestore.Simulator.Cbr;
using BackupRestore.Simulator.Cse;
using BackupRestore.Simulator.GeminiDb;
using BackupRestore.Simulator.Nsx;
using BackupRestore.Simulator.Vcenter;

namespace BackupRestore.Dashboard.Tests.Features.Targets;

/// <summary>
/// One in-process simulator per test class with a target of each system, read by the real connectors over HTTP:
/// the target page's lists, offered actions and GeminiDB instances come from it. Tests only read it (actions go to
/// the fake action service); a test that injects a fault clears it.
/// </summary>
public sealed class TargetPageSimulator : IAsyncLifetime
{
    public SimulatorHandle Sim { get; private set; } = default!;

    public IReadOnlyList<TargetOptions> Targets { get; private set; } = [];

    public TargetOptions Target(string name) => Targets.Single(t => t.Name == name);

    public async Task InitializeAsync()
    {
        Sim = await SimulatorHandle.StartAsync();
        Sim.Fleet.AddCbr("vault", CbrScenario.Default);
        Sim.Fleet.AddCse("engine", CseScenario.Default);
        Sim.Fleet.AddVcenter("vc", VcenterScenario.Idle);
        Sim.Fleet.AddVcenter("vc-busy", VcenterScenario.Running);
        Sim.Fleet.AddGeminiDb("gdb", GeminiDbScenario.Default);
        Sim.Fleet.AddGeminiDb("gdb-rules", GeminiDbScenario.Quiet);
        Sim.AddNsx("east", NsxScenario.IdleWithBackups);
        Targets = new[] { ("cbr", "vault"), ("cse", "engine"), ("vcenter", "vc"), ("vcenter", "vc-busy"), ("geminidb", "gdb"), ("geminidb", "gdb-rules"), ("nsx", "east") }
            .Select(t => Sim.TargetOptions(t.Item1, t.Item2))
            .ToList();
    }

    public async Task DisposeAsync() => await Sim.DisposeAsync();
}
