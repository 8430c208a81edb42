using BackupRestore.Dashboard.Components.Shared;
using MudBlazor;

namespace BackupRestore.Dashboard.Features.Targets;

/// <summary>How a target's health reads: never colour alone (an icon and a word), and its circuit breaker if known.</summary>
public enum HealthStatus
{
    NotReachable,
    NotPolledYet,
    Reachable,
}

public enum CircuitStatus
{
    /// <summary>Not read yet: nothing is known about its breaker.</summary>
    Unknown,

    /// <summary>The last call went through.</summary>
    Closed,

    /// <summary>The dashboard leaves the target alone after repeated failures; a later poll probes it.</summary>
    Open,
}

public static class HealthLabels
{
    /// <summary>
    /// How the vendor pipeline words a call refused by an open breaker (<c>HttpRequestException</c> message, both in
    /// the Polly handler and in the Refit call handler). The breaker's state is not exposed otherwise.
    /// </summary>
    internal const string OpenCircuitMarker = "(circuit open)";

    public static HealthStatus Status(TargetHealth health) =>
        health.Reachable ? HealthStatus.Reachable
        : health.LastPollAt is null ? HealthStatus.NotPolledYet
        : HealthStatus.NotReachable;

    public static string Word(HealthStatus status) => status switch
    {
        HealthStatus.Reachable => "Reachable",
        HealthStatus.NotPolledYet => "Not polled yet",
        _ => "Not reachable",
    };

    public static string Icon(HealthStatus status) => status switch
    {
        HealthStatus.Reachable => Icons.Material.Filled.CheckCircle,
        HealthStatus.NotPolledYet => Icons.Material.Filled.HourglassEmpty,
        _ => Icons.Material.Filled.Error,
    };

    public static string ColorName(HealthStatus status) => status switch
    {
        HealthStatus.Reachable => "success",
        HealthStatus.NotPolledYet => "default",
        _ => "error",
    };

    public static CircuitStatus Circuit(TargetHealth health) =>
        health.LastPollAt is null ? CircuitStatus.Unknown
        : health.LastError?.Contains(OpenCircuitMarker, StringComparison.Ordinal) == true ? CircuitStatus.Open
        : CircuitStatus.Closed;

    public static string CircuitWord(CircuitStatus circuit) => circuit switch
    {
        CircuitStatus.Closed => "Closed",
        CircuitStatus.Open => "Open",
        _ => "Unknown",
    };

    public static string CircuitDescription(CircuitStatus circuit) => circuit switch
    {
        CircuitStatus.Closed => "Calls go through.",
        CircuitStatus.Open => "Left alone after repeated failures; a later poll probes it again.",
        _ => "Not polled yet.",
    };

    /// <summary>"Reachable since 3 min ago", "Not reachable since 12 min ago", "Not polled yet".</summary>
    public static string Sentence(TargetHealth health, DateTimeOffset now)
    {
        var status = Status(health);
        return health.Since is { } since && status != HealthStatus.NotPolledYet
            ? $"{Word(status)} since {RelativeTime.Format(since, now)}"
            : Word(status);
    }
}
