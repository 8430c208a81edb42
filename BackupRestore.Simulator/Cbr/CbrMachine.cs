using System.Text.Json;

namespace BackupRestore.Simulator.Cbr;

/// <summary>
/// One CBR vault (vendor-apis.md §5): a restore of an available backup is accepted with 202 and no body, and is
/// tracked through an operation log (waiting → running → success | failed).
/// </summary>
public sealed class CbrMachine : TickingMachine
{
    private readonly SimRandom random;
    private readonly List<CbrBackup> backups = [];
    private readonly List<CbrOpLog> logs = [];

    private DateTimeOffset? lastEnded;

    public CbrMachine(CbrScenario scenario, TimeProvider time, SimRandom random) : base(time, scenario.Tick)
    {
        Scenario = scenario;
        this.random = random;
        VaultId = random.NextGuid().ToString();
        var now = time.GetUtcNow();
        backups.Add(ServerBackup("ecs-web-01", now.AddHours(-6), "available", fails: false));
        backups.Add(DiskBackup("evs-data-01", now.AddHours(-7), "available"));
        backups.Add(ServerBackup("ecs-db-01", now.AddMinutes(-3), "protecting", fails: false));
        backups.Add(DiskBackup("evs-scratch", now.AddHours(-20), "error"));
        backups.Add(ServerBackup("ecs-app-02", now.AddHours(-9), "available", fails: true));
        if (scenario.RestoreFailed)
        {
            var failed = NewLog(backups[4], backups[4].ResourceId, backups[4].ResourceName, now.AddMinutes(-50));
            failed.Status = "failed";
            failed.Progress = 45;
            failed.StartedAt = now.AddMinutes(-49);
            failed.EndedAt = failed.UpdatedAt = now.AddMinutes(-44);
            failed.Error = FailureOf(backups[4]);
        }
        if (scenario.RestoreRunning)
        {
            var running = NewLog(backups[1], backups[1].ResourceId, backups[1].ResourceName, now);
            running.Status = "running";
            running.StartedAt = now;
            running.Progress = 15;
            backups[1].Status = "restoring";
        }
    }

    public string VaultId { get; }

    public CbrScenario Scenario { get; }

    /// <summary>The last accepted restore body, so that a test can see the mappings an operator chose.</summary>
    public JsonElement? LastRestore { get; private set; }

    internal IReadOnlyList<CbrBackup> Backups() => Read(() => backups.ToList());

    internal IReadOnlyList<CbrOpLog> Logs() => Read(() => logs.OrderByDescending(l => l.CreatedAt).ToList());

    /// <summary>POST backups/{id}/restore: 202 (null) or the BackupService error.</summary>
    internal (int Status, string Code, string Message)? Restore(string backupId, JsonElement? body)
    {
        lock (Gate)
        {
            var now = Catchup();
            var backup = backups.FirstOrDefault(b => b.Id == backupId);
            if (backup is null)
            {
                return (404, "BackupService.6302", "The resource does not exist.");
            }
            if (body?.ValueKind != JsonValueKind.Object || !body.Value.TryGetProperty("restore", out var restore) || restore.ValueKind != JsonValueKind.Object)
            {
                return (400, "BackupService.9900", "Invalid parameter: the body must be {\"restore\": {...}}.");
            }
            if (backup.Status == "protecting")
            {
                return (400, "BackupService.2002", "The resource is being backed up. Restore it after the backup completes.");
            }
            if (backup.Status != "available")
            {
                return (400, "BackupService.6202", $"Backup {backup.Id} is {backup.Status}; only an available backup can be restored.");
            }
            if (Invalid(backup, restore) is { } problem)
            {
                return (400, "BackupService.9900", $"Invalid parameter: {problem}");
            }
            var targetId = restore.GetProperty(backup.ResourceType == CbrBackup.Server ? "server_id" : "volume_id").GetString()!;
            backup.Status = "waiting_restore";
            LastRestore = restore.Clone();
            NewLog(backup, targetId, targetId == backup.ResourceId ? backup.ResourceName : targetId, now);
            return null;
        }
    }

    protected override void OnTick(DateTimeOffset at)
    {
        var disk = backups[1];
        if (Scenario.RestartEvery is { } every && lastEnded is { } last && at >= last + every && disk.Status == "available")
        {
            lastEnded = null;
            disk.Status = "waiting_restore";
            // The loop's older runs age out, so a demo stays the same size for days.
            logs.RemoveAll(l => l.FromLoop && l != logs.Where(o => o.FromLoop).MaxBy(o => o.CreatedAt));
            NewLog(disk, disk.ResourceId, disk.ResourceName, at).FromLoop = true;
        }
        foreach (var log in logs.Where(l => l.Status is "waiting" or "running"))
        {
            log.UpdatedAt = at;
            if (log.Status == "waiting")
            {
                log.Status = "running";
                log.StartedAt = at;
                log.Backup.Status = "restoring";
                continue;
            }
            log.Progress = Math.Min(100, log.Progress + 15);
            if (log.Backup.FailsOnRestore && log.Progress >= 45)
            {
                log.Status = "failed";
                log.Error = FailureOf(log.Backup);
            }
            else if (log.Progress >= 100)
            {
                log.Status = "success";
            }
            if (log.Status is "failed" or "success")
            {
                log.EndedAt = at;
                log.Backup.Status = "available";
                lastEnded = at;
            }
        }
    }

    private static string? Invalid(CbrBackup backup, JsonElement restore)
    {
        string? Text(string name) => restore.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        if (backup.ResourceType == CbrBackup.Disk)
        {
            return string.IsNullOrEmpty(Text("volume_id")) ? "volume_id is required to restore a disk backup." : null;
        }
        if (string.IsNullOrEmpty(Text("server_id")))
        {
            return "server_id is required to restore a server backup.";
        }
        var mapped = restore.TryGetProperty("mappings", out var mappings) && mappings.ValueKind == JsonValueKind.Array
            ? mappings.EnumerateArray().Where(m => m.TryGetProperty("volume_id", out var v) && v.GetString() is { Length: > 0 })
                .Select(m => m.TryGetProperty("backup_id", out var b) ? b.GetString() : null).ToHashSet()
            : [];
        var missing = backup.Children.FirstOrDefault(c => !mapped.Contains(c.Id));
        return missing is null ? null : $"mappings must give a target volume_id for disk backup {missing.Id} ({missing.ResourceName}).";
    }

    private static (string, string) FailureOf(CbrBackup backup) =>
        ("BackupService.2001", $"Restore impossible: a disk of server {backup.ResourceName} is smaller than its backup.");

    private CbrOpLog NewLog(CbrBackup backup, string targetId, string targetName, DateTimeOffset at)
    {
        var log = new CbrOpLog
        {
            Id = random.NextGuid().ToString(), Backup = backup, TargetId = targetId, TargetName = targetName, CreatedAt = at, UpdatedAt = at,
            RequestId = "req-" + random.NextHex(12), TaskId = random.NextGuid().ToString(),
        };
        logs.Add(log);
        return log;
    }

    private CbrBackup ServerBackup(string server, DateTimeOffset at, string status, bool fails) => new()
    {
        Id = random.NextGuid().ToString(), Name = $"autobk_{server}_{at:yyyyMMdd}", ResourceType = CbrBackup.Server,
        ResourceId = random.NextGuid().ToString(), ResourceName = server, ResourceSizeGb = 140, Status = status, CreatedAt = at, FailsOnRestore = fails,
        Children =
        [
            DiskBackup($"{server}-sys", at, status),
            DiskBackup($"{server}-data", at, status),
        ],
    };

    private CbrBackup DiskBackup(string volume, DateTimeOffset at, string status) => new()
    {
        Id = random.NextGuid().ToString(), Name = $"autobk_{volume}_{at:yyyyMMdd}", ResourceType = CbrBackup.Disk,
        ResourceId = random.NextGuid().ToString(), ResourceName = volume, ResourceSizeGb = 40, Status = status, CreatedAt = at,
    };
}
