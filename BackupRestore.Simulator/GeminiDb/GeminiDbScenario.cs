namespace BackupRestore.Simulator.GeminiDb;

/// <summary>How a simulated GeminiDB (Cassandra) project behaves.</summary>
public sealed record GeminiDbScenario
{
    public required string Name { get; init; }

    public TimeSpan Tick { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Ticks a backup spends in "Backing up", then in "Uploading backup".</summary>
    public int BackupTicks { get; init; } = 6;

    public int UploadTicks { get; init; } = 4;

    /// <summary>Instance 1 has a backup running at start (one that can be stopped).</summary>
    public bool RunningBackup { get; init; } = true;

    /// <summary>Instance 2 has a recent failed backup.</summary>
    public bool FailedBackup { get; init; }

    /// <summary>Completed backups listed at start (paging is exercised with more than a page).</summary>
    public int CompletedBackups { get; init; } = 3;

    /// <summary>Demo only: instance 1 starts an automatic backup this long after the last one ended.</summary>
    public TimeSpan? AutoBackupEvery { get; init; }

    public static GeminiDbScenario Default { get; } = new() { Name = "running-backup" };

    public static GeminiDbScenario WithFailure { get; } = new() { Name = "with-failure", FailedBackup = true };

    public static GeminiDbScenario Quiet { get; } = new() { Name = "quiet", RunningBackup = false };

    public static IReadOnlyList<GeminiDbScenario> Presets { get; } = [Default, WithFailure, Quiet];
}

internal sealed class SimBackup
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public string Description { get; init; } = "";
    public required SimInstance Instance { get; init; }
    public required string Type { get; init; }
    public double SizeKb { get; set; }
    public string Status { get; set; } = "BUILDING";
    public required DateTimeOffset BeginTime { get; init; }
    public DateTimeOffset? EndTime { get; set; }
    public string? Phase { get; set; } = "BACKUP";
    public int TicksLeft { get; set; }

    /// <summary>Started by the demo's loop (its older finished runs age out).</summary>
    public bool FromLoop { get; set; }
}

internal sealed record SimInstance(string Id, string Name);

internal sealed class SimJob
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public string Status { get; set; } = "Running";
    public required DateTimeOffset Created { get; init; }
    public DateTimeOffset? Ended { get; set; }
    public int Progress { get; set; }
    public required SimInstance Instance { get; init; }
    public required SimBackup Backup { get; init; }
    public string? FailReason { get; set; }
}
