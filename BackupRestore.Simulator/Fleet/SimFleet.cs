using System.Collections.Concurrent;
using BackupRestore.Simulator.Nsx;

namespace BackupRestore.Simulator;

/// <summary>Every simulated backend of one simulator process, keyed by system and name.</summary>
public sealed class SimFleet(TimeProvider time, int seed, SimCredentials credentials)
{
    private readonly ConcurrentDictionary<string, SimTarget> targets = new(StringComparer.OrdinalIgnoreCase);

    public TimeProvider Time { get; } = time;

    public int Seed { get; } = seed;

    public SimCredentials Credentials { get; } = credentials;

    public IEnumerable<SimTarget> Targets => targets.Values.OrderBy(t => t.System).ThenBy(t => t.Name);

    public SimTarget? Find(string system, string name) =>
        targets.TryGetValue(Key(system, name), out var target) ? target : null;

    /// <summary>Adds a target, or replaces its state when the name exists: tests reset a target to a scenario.</summary>
    public SimTarget AddNsx(string name, NsxScenario scenario)
    {
        var machine = new NsxMachine(scenario, Time, SimRandom.For(Seed, name));
        return Put(new SimTarget(SimSystems.Nsx, name, Credentials, machine));
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
}
