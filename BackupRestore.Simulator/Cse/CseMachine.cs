using System.Globalization;

namespace BackupRestore.Simulator.Cse;

public sealed record CseScenario
{
    public required string Name { get; init; }

    public TimeSpan Tick { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>A recovery is already running at start.</summary>
    public bool RecoveryRunning { get; init; }

    /// <summary>A failed recovery is on record at start.</summary>
    public bool RecoveryFailed { get; init; }

    /// <summary>Recoveries of the backup with this name fail at 60 % (RecoveringDataFailed).</summary>
    public string? FailingBackupName { get; init; } = "backup-corrupted";

    /// <summary>Demo only: a new recovery of the nightly backup starts this long after the last one ended.</summary>
    public TimeSpan? RestartEvery { get; init; }

    public static CseScenario Default { get; } = new() { Name = "backups" };

    public static CseScenario Demo { get; } = new() { Name = "demo", RecoveryRunning = true, RecoveryFailed = true, RestartEvery = TimeSpan.FromSeconds(30) };

    public static IReadOnlyList<CseScenario> Presets { get; } = [Default, Demo];
}

internal sealed class CseBackup
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public string Description { get; init; } = "";
    public required string Type { get; init; }
    public required string Status { get; init; }
    public long Size { get; init; }
    public required DateTimeOffset CreateTime { get; init; }
}

internal sealed class CseRecovery
{
    public required string Id { get; init; }
    public required CseBackup Backup { get; init; }
    public required string Name { get; init; }
    public string Description { get; init; } = "";
    public string Status { get; set; } = "RecoveringData";
    public int Progress { get; set; }
    public long TimeMs { get; set; }
    public string Reason { get; set; } = "";
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>Started by the demo's loop (its older finished runs age out).</summary>
    public bool FromLoop { get; init; }
}

/// <summary>One CSE microservice engine's backups and recoveries (vendor-apis.md §4; list shapes inferred, §4.6).</summary>
public sealed class CseMachine : TickingMachine
{
    private readonly SimRandom random;
    private readonly List<CseBackup> backups = [];
    private readonly List<CseRecovery> recoveries = [];
    private DateTimeOffset? lastEnded;

    public CseMachine(CseScenario scenario, TimeProvider time, SimRandom random) : base(time, scenario.Tick)
    {
        Scenario = scenario;
        this.random = random;
        EngineId = random.NextGuid().ToString();
        var now = time.GetUtcNow();
        backups.Add(Backup("backup-nightly-1121", "auto", "Success", now.AddDays(-1)));
        backups.Add(Backup("backup-before-release", "manual", "Success", now.AddHours(-5)));
        backups.Add(Backup(scenario.FailingBackupName ?? "backup-corrupted", "manual", "Success", now.AddHours(-30)));
        backups.Add(Backup("backup-in-progress", "manual", "Backing", now.AddMinutes(-2)));
        if (scenario.RecoveryFailed)
        {
            recoveries.Add(new CseRecovery
            {
                Id = random.NextGuid().ToString(), Backup = backups[2], Name = "restore-after-incident", Status = "RecoveringDataFailed",
                Progress = 60, TimeMs = 95_000, StartedAt = now.AddMinutes(-40), Reason = FailureReason,
            });
        }
        if (scenario.RecoveryRunning)
        {
            recoveries.Add(new CseRecovery { Id = random.NextGuid().ToString(), Backup = backups[0], Name = "restore-nightly", StartedAt = now, Progress = 20 });
        }
    }

    public CseScenario Scenario { get; }

    public string EngineId { get; }

    /// <summary>The X-Enterprise-Project-ID of the last call (null: not sent), so that tests can see it.</summary>
    public string? LastEnterpriseProjectId { get; internal set; }

    private const string FailureReason = "Failed to restore configuration items: the backup file checksum does not match.";

    internal IReadOnlyList<CseBackup> Backups() => Read(() => backups.ToList());

    internal IReadOnlyList<CseRecovery> Recoveries() => Read(() => recoveries.OrderByDescending(r => r.StartedAt).ToList());

    internal (CseRecovery? Record, int Status, string? Code, string? Message) Recover(string backupId, string? name, string? description)
    {
        lock (Gate)
        {
            var now = Catchup();
            if (string.IsNullOrWhiteSpace(name))
            {
                return (null, 400, "SVCSTG.00500400", "Invalid parameter: name is required.");
            }
            var backup = backups.FirstOrDefault(b => b.Id == backupId);
            if (backup is null)
            {
                return (null, 400, "SVCSTG.00501130", $"Backup {backupId} does not exist.");
            }
            if (backup.Status != "Success")
            {
                return (null, 400, "SVCSTG.00501131", $"Backup {backup.Name} is {backup.Status} and cannot be restored.");
            }
            if (recoveries.Any(r => r.Status is "RecoveringData" or "RestartingService"))
            {
                return (null, 400, "SVCSTG.00501132", "The engine is being restored. Try again after the current restoration ends.");
            }
            var record = new CseRecovery { Id = random.NextGuid().ToString(), Backup = backup, Name = name, Description = description ?? "", StartedAt = now };
            recoveries.Add(record);
            return (record, 200, null, null);
        }
    }

    protected override void OnTick(DateTimeOffset at)
    {
        if (Scenario.RestartEvery is { } every && lastEnded is { } last && at >= last + every && !recoveries.Any(r => r.Status is "RecoveringData" or "RestartingService"))
        {
            lastEnded = null;
            // The loop's older runs age out, so a demo stays the same size for days.
            recoveries.RemoveAll(r => r.FromLoop && r != recoveries.Where(l => l.FromLoop).MaxBy(l => l.StartedAt));
            recoveries.Add(new CseRecovery { Id = random.NextGuid().ToString(), Backup = backups[0], Name = $"restore-{at:HHmmss}", StartedAt = at, FromLoop = true });
        }
        foreach (var record in recoveries.Where(r => r.Status is "RecoveringData" or "RestartingService"))
        {
            record.Progress = Math.Min(100, record.Progress + 20);
            record.TimeMs = (long)(at - record.StartedAt).TotalMilliseconds;
            if (record.Backup.Name == Scenario.FailingBackupName && record.Progress >= 60)
            {
                record.Status = "RecoveringDataFailed";
                record.Reason = FailureReason;
            }
            else if (record.Progress >= 100)
            {
                record.Status = "Success";
            }
            if (record.Status is "Success" or "RecoveringDataFailed")
            {
                lastEnded = at;
            }
            else if (record.Progress >= 80)
            {
                record.Status = "RestartingService";
            }
        }
    }

    private CseBackup Backup(string name, string type, string status, DateTimeOffset created) => new()
    {
        Id = random.NextGuid().ToString("N"), Name = name, Type = type, Status = status, CreateTime = created,
        Size = 2_000_000 + random.Next(0, 900_000), Description = $"{type} backup {created.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}",
    };
}
