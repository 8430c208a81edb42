using BackupRestore.Dashboard.Components.Shared;
using BackupRestore.Dashboard.Features.Operations;

namespace BackupRestore.Dashboard.Features.Targets;

/// <summary>
/// One line of the targets table as it reads now (times in words included): value-equal, so a page renders again
/// only when what it shows changed (a poll that leaves "just now" as it was changes nothing).
/// </summary>
public sealed record TargetRowView(
    string Name,
    string System,
    string BaseUrl,
    HealthStatus Status,
    string SinceText,
    string LastPollText,
    string? LastError,
    CircuitStatus Circuit)
{
    public static TargetRowView Of(TargetHealth health, DateTimeOffset now)
    {
        var status = HealthLabels.Status(health);
        return new TargetRowView(
            health.Name,
            SystemLabels.Of(health.System),
            health.BaseUrl,
            status,
            health.Since is { } since && status != HealthStatus.NotPolledYet ? $"since {RelativeTime.Format(since, now)}" : "",
            health.LastPollAt is { } at ? RelativeTime.Format(at, now) : "never",
            status == HealthStatus.NotPolledYet ? null : health.LastError,
            HealthLabels.Circuit(health));
    }

    /// <summary>Default order: what is not reachable first, then by name.</summary>
    public string HealthKey => $"{(int)Status}|{Name.ToLowerInvariant()}";
}
