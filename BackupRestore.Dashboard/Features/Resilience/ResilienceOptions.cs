namespace BackupRestore.Dashboard.Features.Resilience;

/// <summary><c>Resilience:*</c>: how calls to a misbehaving backend are retried and when a dead one is left alone.</summary>
public sealed class ResilienceOptions
{
    /// <summary>Extra tries of an idempotent read (GET); actions are never retried.</summary>
    public int Retries { get; set; } = 2;

    /// <summary>First retry delay; it doubles, with jitter.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>This many failed calls in a row (within the sampling window) open the target's circuit.</summary>
    public int BreakAfterFailures { get; set; } = 4;

    /// <summary>First open period; each failed probe doubles it, up to <see cref="MaxBreak"/>.</summary>
    public TimeSpan Break { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan MaxBreak { get; set; } = TimeSpan.FromMinutes(2);
}
