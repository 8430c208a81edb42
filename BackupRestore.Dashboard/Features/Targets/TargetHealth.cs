using System.Collections.Concurrent;
using BackupRestore.Dashboard.Vendors;
using BackupRestore.Dashboard.Vendors.Http;

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
    DateTimeOffset? Since)
{
    /// <summary>Panels the last good poll could not fill (an auxiliary call failed); the target itself was read.</summary>
    public IReadOnlyList<DataGap> Gaps { get; init; } = [];

    /// <summary>Set when this target's certificate checks are off (<c>Tls:AllowUntrusted</c>): show it as a warning.</summary>
    public string? TlsWarning { get; init; }

    /// <summary>The certificate the target presented at its last handshake (HTTPS only); when refused, why and what to set.</summary>
    public CertificateInfo? Certificate { get; init; }
}

/// <summary>The latest <see cref="TargetHealth"/> of every target, written by its poller; pages follow it (<see cref="Subscribe"/>).</summary>
public sealed partial class TargetHealthBoard(TargetCatalog catalog, TargetTls tls)
{
    private readonly ConcurrentDictionary<string, TargetHealth> health = new(StringComparer.OrdinalIgnoreCase);

    public IEnumerable<TargetHealth> All => catalog.All.Select(Get);

    public TargetHealth Get(TargetOptions target) => WithTls(target, health.GetValueOrDefault(target.Name)
        ?? new TargetHealth(target.Name, target.System, target.BaseUrl, false, null, null, "Not polled yet", null));

    public TargetHealth RecordSuccess(TargetOptions target, DateTimeOffset at, IReadOnlyList<DataGap>? gaps = null)
    {
        var previous = health.GetValueOrDefault(target.Name);
        var since = previous is { Reachable: true } ? previous.Since : at;
        return Changed(health[target.Name] = new TargetHealth(target.Name, target.System, target.BaseUrl, true, at, at, null, since) { Gaps = gaps ?? [] });
    }

    public TargetHealth RecordFailure(TargetOptions target, DateTimeOffset at, string error)
    {
        var previous = health.GetValueOrDefault(target.Name);
        var since = previous is { Reachable: false, Since: not null } ? previous.Since : at;
        return Changed(health[target.Name] = new TargetHealth(target.Name, target.System, target.BaseUrl, false, at, previous?.LastSuccessAt, error, since));
    }

    /// <summary>Scale-out: the health the target's poller on another instance shared (its certificate included).</summary>
    public void Mirror(TargetOptions target, TargetHealth shared)
    {
        if (health.GetValueOrDefault(target.Name) != shared)
        {
            Changed(health[target.Name] = shared with { Name = target.Name, System = target.System, BaseUrl = target.BaseUrl });
        }
    }

    private TargetHealth WithTls(TargetOptions target, TargetHealth known) => known with
    {
        TlsWarning = target.Tls.AllowUntrusted
            ? $"TLS certificate checks are off for this target ({target.ConfigKey}:Tls:AllowUntrusted=true): any server can pose as it. Labs only."
            : null,
        Certificate = tls.Seen(target.Name) ?? known.Certificate,
    };
}
