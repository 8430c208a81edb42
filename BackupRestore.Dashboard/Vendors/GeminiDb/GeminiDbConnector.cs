using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using BackupRestore.Dashboard.Features.Operations;
using BackupRestore.Dashboard.Features.Targets;
using BackupRestore.Dashboard.Vendors.Http;
using BackupRestore.Dashboard.Vendors.Huawei;

namespace BackupRestore.Dashboard.Vendors.GeminiDb;

/// <summary>A stop the dashboard requested, and the job GeminiDB answered it with (202 + job_id).</summary>
public sealed record GdbStopJob(string JobId, string? Status, string? Progress, string? FailReason);

public sealed record GdbCardDetails(string? InstanceName, string? Type, double? SizeKb, string? Phase, GdbStopJob? StopJob);

public sealed record GdbInstanceChoice(string Id, string Name);

/// <summary>
/// GeminiDB: each running backup is an operation of kind backup (and stays listed for a day after it ends);
/// <c>stop</c> while it is backing up or uploading; a manual backup is a target-level action. The backup list is the
/// primary read; the instance list (phases) and stop jobs are optional panels.
/// </summary>
internal sealed partial class GeminiDbConnector(VendorApis apis, TimeProvider time) : IVendorConnector, IBackupCatalog, ITargetActions
{
    public const string SystemName = "geminidb";
    private static readonly TimeSpan FinishedWindow = TimeSpan.FromHours(24);

    private readonly ConcurrentDictionary<string, string> stopJobs = new(StringComparer.Ordinal);

    public string System => SystemName;

    public Type? CardBody => typeof(GeminiDbCard);

    public Type? BackupActionForm => null;

    public Type? TargetActionForm => typeof(GeminiDbBackupForm);

    public ActionSpec Describe(string action) => action switch
    {
        "stop" => new("stop", "Stop backup", Destructive: true, "Stop this backup now (an emergency stop, GeminiDB Cassandra only)? GeminiDB runs a stop job; the backup is not completed and cannot be resumed, and the dashboard lists it as cancelled."),
        "backup" => new("backup", "Create backup", Destructive: false, HasForm: true),
        _ => new(action, action, Destructive: true),
    };

    public IEnumerable<string> Validate(TargetOptions target, string key) => HuaweiApi.Validate(target, key);

    public async Task<TargetRead> PollAsync(TargetOptions target, CancellationToken cancellationToken)
    {
        var api = apis.GeminiDb(target);
        var backups = await api.ListAllBackupsAsync(target, cancellationToken);
        var gaps = new List<DataGap>();
        var listed = await VendorFailure.OptionalAsync(() => api.ListTargetInstancesAsync(target, cancellationToken),
            "Backup phases and the stop action", GeminiDbApi.InstancesCall, gaps);
        var instances = (listed ?? []).Where(i => i.Id is not null).ToDictionary(i => i.Id!);
        var now = time.GetUtcNow();
        var operations = new List<Operation>();
        foreach (var backup in backups.Where(b => b.Id is not null))
        {
            var own = new List<DataGap>(listed is null ? gaps : []);
            var job = await StopJobAsync(api, target, backup.Id!, own, cancellationToken);
            var ended = GeminiDbTime.Parse(backup.EndTime);
            if (backup.Status == "BUILDING" || job is not null || (ended is { } e && now - e < FinishedWindow))
            {
                operations.Add(ToOperation(target, backup, instances.GetValueOrDefault(backup.InstanceId ?? ""), job) with { Gaps = own });
            }
            gaps.AddRange(own.Where(g => !gaps.Contains(g)));
        }
        return new TargetRead(operations, gaps);
    }

    public async Task<ActionResultInfo> ExecuteAsync(TargetOptions target, Operation operation, ActionInput input, CancellationToken cancellationToken)
    {
        if (input.Action != "stop" || operation.Details is not GdbCardDetails)
        {
            throw new ActionInputException($"GeminiDB backups have no action '{input.Action}'.");
        }
        var backupId = operation.Id[(target.Name.Length + ":backup-".Length)..];
        var result = await apis.GeminiDb(target).StopBackupAsync(target.ProjectId!, backupId, new GdbStopRequest("stop"), cancellationToken);
        var jobId = result?.JobId ?? throw new VendorProtocolException("GeminiDB accepted the stop but sent no job_id.");
        stopJobs[$"{target.Name}|{backupId}"] = jobId;
        return new ActionResultInfo(operation.Id, [new Fact("Stop job", jobId)], []);
    }

    public async Task<IReadOnlyList<BackupItem>> ListBackupsAsync(TargetOptions target, BackupQuery query, CancellationToken cancellationToken) =>
        (await apis.GeminiDb(target).ListAllBackupsAsync(target, cancellationToken))
            .Where(b => b.Status == "COMPLETED" && b.Id is not null)
            .Where(b => query.Name is null || (b.Name ?? "").Contains(query.Name, StringComparison.OrdinalIgnoreCase))
            .Select(b => new BackupItem(b.Id!, b.Name ?? b.Id!, GeminiDbTime.Parse(b.BeginTime), b.Status!, b.Size is { } kb ? (long)(kb * 1024) : null, []))
            .OrderByDescending(b => b.CreatedAt)
            .ToList();

    public Task<ActionResultInfo> ExecuteBackupActionAsync(TargetOptions target, BackupItem backup, ActionInput input, CancellationToken cancellationToken) =>
        throw new ActionInputException("GeminiDB backups offer no action here.");

    public async Task<IReadOnlyList<string>> OfferedAsync(TargetOptions target, CancellationToken cancellationToken) =>
        FreeInstances(await apis.GeminiDb(target).ListTargetInstancesAsync(target, cancellationToken)).Count > 0 ? ["backup"] : [];

    /// <summary>Instances that can take a manual backup now: normal, and not already backing up.</summary>
    public static List<GdbInstanceChoice> FreeInstances(IReadOnlyList<GdbInstance> instances) => instances
        .Where(i => i.Id is not null && i.Status == "normal" && (i.Actions ?? []).Count == 0)
        .Select(i => new GdbInstanceChoice(i.Id!, i.Name ?? i.Id!))
        .ToList();

    public Task<IReadOnlyList<GdbInstance>> InstancesAsync(TargetOptions target, CancellationToken cancellationToken) =>
        apis.GeminiDb(target).ListTargetInstancesAsync(target, cancellationToken);

    public async Task<ActionResultInfo> ExecuteTargetActionAsync(TargetOptions target, ActionInput input, CancellationToken cancellationToken)
    {
        if (input.Action != "backup")
        {
            throw new ActionInputException($"GeminiDB targets have no action '{input.Action}'.");
        }
        var instanceId = input.Value("instance_id");
        var name = input.Value("name")?.Trim();
        var description = input.Value("description");
        if (string.IsNullOrEmpty(instanceId))
        {
            throw new ActionInputException("Choose the instance to back up.");
        }
        if (name is null || !NamePattern().IsMatch(name))
        {
            throw new ActionInputException("The backup name must be 4 to 64 characters, start with a letter, and contain only letters, digits, '-' and '_'.");
        }
        if (description is { Length: > 256 } || (description ?? "").IndexOfAny(['>', '!', '<', '"', '&', '\'', '=']) >= 0)
        {
            throw new ActionInputException("The description may have at most 256 characters and none of > ! < \" & ' =.");
        }
        var created = VendorRefit.Required(await apis.GeminiDb(target).CreateBackupAsync(target.ProjectId!, instanceId,
            new GdbCreateRequest(name, string.IsNullOrEmpty(description) ? null : description), cancellationToken), GeminiDbApi.System, "the new backup");
        return new ActionResultInfo(created.BackupId is null ? null : $"{target.Name}:backup-{created.BackupId}",
            [new Fact("Backup", created.BackupId ?? "?"), new Fact("Job", created.JobId ?? "?")], []);
    }

    /// <summary>The stop this dashboard requested for the backup; when its job cannot be read, its status stays unknown.</summary>
    private async Task<GdbStopJob?> StopJobAsync(IGeminiDbApi api, TargetOptions target, string backupId, List<DataGap> gaps, CancellationToken cancellationToken)
    {
        if (!stopJobs.TryGetValue($"{target.Name}|{backupId}", out var jobId))
        {
            return null;
        }
        var job = (await VendorFailure.OptionalAsync(() => api.GetJobAsync(target.ProjectId!, jobId, cancellationToken),
            $"Progress of stop job {jobId}", GeminiDbApi.JobCall, gaps))?.Job;
        return new GdbStopJob(jobId, job?.Status, job?.Progress, job?.FailReason);
    }

    internal static Operation ToOperation(TargetOptions target, GdbBackup backup, GdbInstance? instance, GdbStopJob? job)
    {
        var phase = (instance?.Actions ?? []).FirstOrDefault(a => a is "BACKUP" or "UPLOADING_BACKUP");
        var stopping = job is { Status: "Running" };
        var stopped = job is { Status: "Completed" } && backup.Status != "BUILDING";
        return new Operation
        {
            Id = $"{target.Name}:backup-{backup.Id}",
            Target = target.Name,
            System = SystemName,
            Kind = "backup",
            Subject = $"{backup.Name} of {backup.InstanceName ?? backup.InstanceId}",
            // The backup's own times: begun while it builds, ended once it is over.
            StateSince = backup.Status == "BUILDING" ? GeminiDbTime.Parse(backup.BeginTime) : GeminiDbTime.Parse(backup.EndTime),
            State = backup.Status switch
            {
                "BUILDING" => OperationState.Running,
                "COMPLETED" => OperationState.Succeeded,
                "FAILED" when stopped => OperationState.Cancelled,
                "FAILED" => OperationState.Failed,
                _ => OperationState.Unknown,
            },
            VendorStatus = backup.Status ?? "UNKNOWN",
            VendorStatusDescription = phase switch { "BACKUP" => "Backing up", "UPLOADING_BACKUP" => "Uploading backup", _ => null },
            Progress = stopping && int.TryParse(job!.Progress?.TrimEnd('%'), out var p) ? p : null,
            Actions = backup.Status == "BUILDING" && phase is not null && !stopping && !stopped ? ["stop"] : [],
            Message = job switch
            {
                { Status: "Running" } => $"Stop requested: job {job.JobId} is running ({job.Progress}).",
                { Status: "Completed" } => "Stopped by an operator.",
                { Status: "Failed" } => $"The stop failed: {job.FailReason}",
                _ => backup.Status == "FAILED" ? "The backup failed." : null,
            },
            Times = [new LabeledTime("Started", GeminiDbTime.Parse(backup.BeginTime)), new LabeledTime("Ended", GeminiDbTime.Parse(backup.EndTime))],
            Facts =
            [
                new LabeledValue("Backup", $"{backup.Name} ({backup.Type})"),
                new LabeledValue("Instance", backup.InstanceName ?? backup.InstanceId ?? "?"),
                new LabeledValue("Size", Sizes.Format(backup.Size is { } kb ? (long)(kb * 1024) : null)),
            ],
            Details = new GdbCardDetails(backup.InstanceName, backup.Type, backup.Size, phase, job),
        };
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]{3,63}$")]
    private static partial Regex NamePattern();
}
