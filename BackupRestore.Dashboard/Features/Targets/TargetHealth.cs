using System.Collections.Concurrent;

namespace BackupRestore.Dashboard.Features.Targets;

/// <summary>How a target answered lately. <see cref="Since"/>: when it last went from reachable to not (or back).</summary>
public sealed record TargetHealth(
    string Name,
    string System,
    string BaseUrl,
    bool Reachable,
    DateTimeOffset? LastPollAt,
    DateTimeOffset? LastSuccessAt,
    string? LastError,
    DateTimeOffset? Since);

/// <summary>The latest <see cref="TargetHealth"/> of every target, written by its poller; pages follow it (<see cref="Subscribe"/>).</summary>
public sealed partial class TargetHealthBoard(TargetCatalog catalog)
{
    private readonly ConcurrentDictionary<string, TargetHealth> health = new(StringComparer.OrdinalIgnoreCase);

    public IEnumerable<TargetHealth> All => catalog.All.Select(Get);

    public TargetHealth Get(TargetOptions target) => health.GetValueOrDefault(target.Name)
        ?? new TargetHealth(target.Name, target.System, target.BaseUrl, false, null, null, "Not polled yet", null);

    public TargetHealth RecordSuccess(TargetOptions target, DateTimeOffset at)
    {
        var previous = health.GetValueOrDefault(target.Name);
        var since = previous is { Reachable: true } ? previous.Since : at;
        return Changed(health[target.Name] = new TargetHealth(target.Name, target.System, target.BaseUrl, true, at, at, null, since));
    }

    public TargetHealth RecordFailure(TargetOptions target, DateTimeOffset at, string error)
    {
        var previous = health.GetValueOrDefault(target.Name);
        var since = previous is { Reachable: false, Since: not null } ? previous.Since : at;
        return Changed(health[target.Name] = new TargetHealth(target.Name, target.System, target.BaseUrl, false, at, previous?.LastSuccessAt, error, since));
    }
}
