using System.Collections.Concurrent;
using BackupRestore.Simulator.Cbr;
using BackupRestore.Simulator.Cse;
using BackupRestore.Simulator.GeminiDb;
using BackupRestore.Simulator.Nsx;
using BackupRestore.Simulator.Vcenter;

namespace BackupRestore.Simulator;

/// <summary>Every simulated backend of one simulator process, keyed by system and name.</summary>
public sealed class SimFleet(TimeProvider time, int seed, SimCredentials credentials)
{
    private readonly ConcurrentDictionary<string, SimTarget> targets = new(StringComparer.OrdinalIgnoreCase);

    public TimeProvider Time { get; } = time;

    public int Seed { get; } = seed;

    public SimCredentials Credentials { get; } = credentials;

    public Huawei.SimIam Iam { get; } = new(time);

    /// <summary>Serve only the calls the vendors document: the inferred ones answer as a real gateway would (404/400).</summary>
    public bool DocumentedOnly { get; set; }

    public IEnumerable<SimTarget> Targets => targets.Values.OrderBy(t => t.System).ThenBy(t => t.Name);

    public SimTarget? Find(string system, string name) =>
        targets.TryGetValue(Key(system, name), out var target) ? target : null;

    /// <summary>Adds a target, or replaces its state when the name exists: tests reset a target to a scenario.</summary>
    public SimTarget AddNsx(string name, NsxScenario scenario)
    {
        var machine = new NsxMachine(scenario, Time, SimRandom.For(Seed, name));
        return Put(new SimTarget(SimSystems.Nsx, name, Credentials, machine));
    }

    public SimTarget AddVcenter(string name, VcenterScenario scenario) =>
        Put(new SimTarget(SimSystems.Vcenter, name, Credentials, new VcenterMachine(scenario, Time)));

    public SimTarget AddGeminiDb(string name, GeminiDbScenario scenario) =>
        Put(new SimTarget(SimSystems.GeminiDb, name, Credentials, new GeminiDbMachine(scenario, Time, SimRandom.For(Seed, name))));

    public SimTarget AddCse(string name, CseScenario scenario)
    {
        var machine = new CseMachine(scenario, Time, SimRandom.For(Seed, name));
        return Put(new SimTarget(SimSystems.Cse, name, Credentials, machine, new Dictionary<string, string> { ["EngineId"] = machine.EngineId }));
    }

    public SimTarget AddCbr(string name, CbrScenario scenario)
    {
        var machine = new CbrMachine(scenario, Time, SimRandom.For(Seed, name));
        return Put(new SimTarget(SimSystems.Cbr, name, Credentials, machine, new Dictionary<string, string> { ["VaultId"] = machine.VaultId }));
    }

    private SimTarget Put(SimTarget target)
    {
        targets[Key(target.System, target.Name)] = target;
        return target;
    }

    private static string Key(string system, string name) => $"{system}/{name}";
}

public static class SimSystems
{
    public const string Nsx = "nsx";
    public const string Vcenter = "vcenter";
    public const string GeminiDb = "geminidb";
    public const string Cse = "cse";
    public const string Cbr = "cbr";
}
