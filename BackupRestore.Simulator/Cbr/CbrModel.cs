namespace BackupRestore.Simulator.Cbr;

public sealed record CbrScenario
{
    public required string Name { get; init; }

    public TimeSpan Tick { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>A restore is already running at start.</summary>
    public bool RestoreRunning { get; init; }

    /// <summary>A failed restore is on record at start.</summary>
    public bool RestoreFailed { get; init; }

    /// <summary>Demo only: a new restore of the data disk starts this long after the last one ended.</summary>
    public TimeSpan? RestartEvery { get; init; }

    public static CbrScenario Default { get; } = new() { Name = "backups" };

    public static CbrScenario Demo { get; } = new() { Name = "demo", RestoreRunning = true, RestoreFailed = true, RestartEvery = TimeSpan.FromSeconds(35) };

    public static IReadOnlyList<CbrScenario> Presets { get; } = [Default, Demo];
}

internal sealed class CbrBackup
{
    public const string Server = "OS::Nova::Server";
    public const string Disk = "OS::Cinder::Volume";

    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string ResourceType { get; init; }
    public required string ResourceId { get; init; }
    public required string ResourceName { get; init; }
    public int ResourceSizeGb { get; init; }
    public string Status { get; set; } = "available";
    public required DateTimeOffset CreatedAt { get; init; }
    public List<CbrBackup> Children { get; init; } = [];
    public bool FailsOnRestore { get; init; }
}

internal sealed class CbrOpLog
{
    public required string Id { get; init; }
    public required CbrBackup Backup { get; init; }
    public required string TargetId { get; init; }
    public required string TargetName { get; init; }
    public string Status { get; set; } = "waiting";
    public int Progress { get; set; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public (string Code, string Message)? Error { get; set; }
    public required string RequestId { get; init; }
    public required string TaskId { get; init; }

    /// <summary>Started by the demo's loop (its older finished runs age out).</summary>
    public bool FromLoop { get; set; }
}
