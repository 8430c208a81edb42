using System.Globalization;
using System.Text.RegularExpressions;

namespace BackupRestore.Simulator.GeminiDb;

/// <summary>
/// GeminiDB backups of one project (vendor-apis.md §3): a backup builds ("Backing up", then "Uploading backup"),
/// can be stopped only in those phases (202 + job; the backup ends FAILED), and manual backups can be created.
/// </summary>
public sealed partial class GeminiDbMachine : TickingMachine
{
    private readonly SimRandom random;
    private readonly List<SimInstance> instances;
    private readonly List<SimBackup> backups = [];
    private readonly List<SimJob> jobs = [];
    private DateTimeOffset? lastAutoEnd;

    public GeminiDbMachine(GeminiDbScenario scenario, TimeProvider time, SimRandom random) : base(time, scenario.Tick)
    {
        Scenario = scenario;
        this.random = random;
        var now = time.GetUtcNow();
        lastAutoEnd = now;
        instances = [new(Id(), "cassandra-orders"), new(Id(), "cassandra-sessions")];
        for (var i = scenario.CompletedBackups; i > 0; i--)
        {
            var begin = now.AddDays(-i).AddMinutes(-random.Next(0, 50));
            backups.Add(new SimBackup
            {
                Id = Id() + "br14", Name = $"auto-{begin:yyyyMMddHHmm}", Instance = instances[i % 2], Type = "Auto",
                BeginTime = begin, EndTime = begin.AddMinutes(12), Status = "COMPLETED", Phase = null, SizeKb = 1_048_576 + random.Next(0, 500_000),
            });
        }
        if (scenario.FailedBackup)
        {
            backups.Add(new SimBackup
            {
                Id = Id() + "br14", Name = "manual-before-upgrade", Instance = instances[1], Type = "Manual", Description = "Before the 4.0 upgrade",
                BeginTime = now.AddMinutes(-30), EndTime = now.AddMinutes(-22), Status = "FAILED", Phase = null, SizeKb = 220_000,
            });
        }
        if (scenario.RunningBackup)
        {
            StartBackup(instances[0], $"auto-{now:yyyyMMddHHmm}", "", "Auto", now);
        }
    }

    public GeminiDbScenario Scenario { get; }

    internal IReadOnlyList<SimInstance> Instances => instances;

    internal IReadOnlyList<SimBackup> Backups() => Read(() => backups.OrderByDescending(b => b.BeginTime).ToList());

    internal SimJob? Job(string id) => Read(() => jobs.FirstOrDefault(j => j.Id == id));

    internal IReadOnlyList<string> ActionsOf(SimInstance instance) => Read<IReadOnlyList<string>>(
        () => backups.FirstOrDefault(b => b.Instance == instance && b.Status == "BUILDING")?.Phase switch
        {
            "BACKUP" => ["BACKUP"],
            "UPLOADING" => ["UPLOADING_BACKUP"],
            _ => [],
        });

    /// <summary>PUT backups/{id} {"action":"stop"}: 202 with the job, or the DBS error.</summary>
    internal (int Status, string? JobId, string? Code, string? Message) Stop(string backupId)
    {
        lock (Gate)
        {
            var now = Catchup();
            var backup = backups.FirstOrDefault(b => b.Id == backupId);
            if (backup is null)
            {
                return (404, null, "DBS.200022", "The backup does not exist.");
            }
            if (backup.Status != "BUILDING" || jobs.Any(j => j.Backup == backup && j.Name == "StopBackup"))
            {
                return (403, null, "DBS.200011", $"This instance {backup.Instance.Id} status makes it not be allowed to do this stopBackup operation now.");
            }
            var job = new SimJob { Id = random.NextGuid().ToString(), Name = "StopBackup", Created = now, Instance = backup.Instance, Backup = backup };
            jobs.Add(job);
            return (202, job.Id, null, null);
        }
    }

    /// <summary>POST instances/{id}/backups: 202 with job and backup ids, or the DBS error.</summary>
    internal (int Status, string? JobId, string? BackupId, string? Code, string? Message) Create(string instanceId, string? name, string? description)
    {
        lock (Gate)
        {
            var now = Catchup();
            if (name is null || !NamePattern().IsMatch(name) || (description ?? "").Length > 256 || (description ?? "").IndexOfAny(['>', '!', '<', '"', '&', '\'', '=']) >= 0)
            {
                return (400, null, null, "DBS.200001", "Parameter error: name must be 4-64 characters starting with a letter (letters, digits, - and _); description at most 256 characters without >!<\"&'=.");
            }
            var instance = instances.FirstOrDefault(i => i.Id == instanceId);
            if (instance is null)
            {
                return (404, null, null, "DBS.200002", "The DB instance does not exist.");
            }
            if (backups.Any(b => b.Instance == instance && b.Status == "BUILDING"))
            {
                return (403, null, null, "DBS.200011", $"This instance {instance.Id} status makes it not be allowed to do this createBackup operation now.");
            }
            var backup = StartBackup(instance, name, description ?? "", "Manual", now);
            var job = new SimJob { Id = random.NextGuid().ToString(), Name = "CreateBackup", Created = now, Instance = instance, Backup = backup };
            jobs.Add(job);
            return (202, job.Id, backup.Id, null, null);
        }
    }

    protected override void OnTick(DateTimeOffset at)
    {
        foreach (var job in jobs.Where(j => j.Status == "Running" && j.Name == "StopBackup").ToList())
        {
            job.Progress += 50;
            if (job.Progress >= 100)
            {
                job.Status = "Completed";
                job.Ended = at;
                job.Backup.Status = "FAILED";
                job.Backup.Phase = null;
                job.Backup.EndTime = at;
            }
        }
        foreach (var backup in backups.Where(b => b.Status == "BUILDING"))
        {
            backup.SizeKb += 180_000 + random.Next(0, 40_000);
            if (--backup.TicksLeft > 0)
            {
                continue;
            }
            if (backup.Phase == "BACKUP")
            {
                backup.Phase = "UPLOADING";
                backup.TicksLeft = Scenario.UploadTicks;
                continue;
            }
            backup.Status = "COMPLETED";
            backup.Phase = null;
            backup.EndTime = at;
            lastAutoEnd = at;
            foreach (var job in jobs.Where(j => j.Backup == backup && j.Status == "Running"))
            {
                job.Status = "Completed";
                job.Progress = 100;
                job.Ended = at;
            }
        }
        if (Scenario.AutoBackupEvery is { } every && lastAutoEnd is { } last && at >= last + every && !backups.Any(b => b.Instance == instances[0] && b.Status == "BUILDING"))
        {
            // The loop's older runs age out as a retention policy would, so a demo stays the same size for days.
            backups.RemoveAll(b => b.FromLoop && b.Status != "BUILDING" && b != backups.Where(l => l.FromLoop).MaxBy(l => l.BeginTime));
            StartBackup(instances[0], $"auto-{at:yyyyMMddHHmmss}", "", "Auto", at).FromLoop = true;
        }
    }

    private SimBackup StartBackup(SimInstance instance, string name, string description, string type, DateTimeOffset at)
    {
        var backup = new SimBackup
        {
            Id = Id() + "br14", Name = name, Description = description, Instance = instance, Type = type, BeginTime = at,
            TicksLeft = Scenario.BackupTicks, SizeKb = 0,
        };
        backups.Add(backup);
        lastAutoEnd = null;
        return backup;
    }

    private string Id() => random.NextHex(32);

    internal static string V3Time(DateTimeOffset? t) => t?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "";

    internal static string V31Time(DateTimeOffset? t) => t?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss+0000", CultureInfo.InvariantCulture) ?? "";

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]{3,63}$")]
    private static partial Regex NamePattern();
}
