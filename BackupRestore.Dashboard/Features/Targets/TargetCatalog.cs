using Microsoft.Extensions.Options;

namespace BackupRestore.Dashboard.Features.Targets;

/// <summary>The targets this process watches: the configured ones, or the demo fleet when none are configured.</summary>
public sealed class TargetCatalog(IOptions<DashboardTargetsOptions> options)
{
    private IReadOnlyList<TargetOptions> targets = Keyed(options.Value.Targets);

    public IReadOnlyList<TargetOptions> All => targets;

    public bool IsEmpty => targets.Count == 0;

    /// <summary>The targets are the built-in simulator's demo fleet, not real systems: the pages say so.</summary>
    public bool IsDemo { get; private set; }

    public TargetOptions? Find(string name) =>
        targets.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Used once at start by the demo fleet, before the pollers start.</summary>
    internal void UseDemoTargets(IReadOnlyList<TargetOptions> demo)
    {
        targets = demo;
        IsDemo = true;
    }

    private static List<TargetOptions> Keyed(List<TargetOptions> configured)
    {
        for (var i = 0; i < configured.Count; i++)
        {
            configured[i].ConfigKey = $"Targets:{i}";
        }
        return configured;
    }
}
