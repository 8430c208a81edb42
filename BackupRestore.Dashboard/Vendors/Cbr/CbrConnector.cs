using System.Text.Json;
using BackupRestore.Dashboard.Features.Operations;
using BackupRestore.Dashboard.Features.Targets;
using BackupRestore.Dashboard.Vendors.Http;
using BackupRestore.Dashboard.Vendors.Huawei;

namespace BackupRestore.Dashboard.Vendors.Cbr;

public sealed record CbrDiskChoice(string BackupId, string Name, string? ResourceId);

/// <summary>What the restore form needs of a backup: server or disk, its resource, and a server's disk backups.</summary>
public sealed record CbrBackupDetails(string ResourceType, string? ResourceId, string? ResourceName, IReadOnlyList<CbrDiskChoice> Disks)
{
    public bool IsServer => ResourceType == CbrConnector.ServerType;
}

/// <summary>
/// CBR: each restore is followed through its operation log (the 202 has no body); <c>restore</c> is offered on
/// available backups only, and the server checks that again before it sends.
/// </summary>
internal sealed class CbrConnector(VendorApis apis, TimeProvider time) : IVendorConnector, IBackupCatalog
{
    public const string SystemName = "cbr";
    public const string ServerType = "OS::Nova::Server";
    private static readonly TimeSpan Window = TimeSpan.FromHours(24);

    public string System => SystemName;

    public Type? CardBody => typeof(CbrCard);

    public Type? BackupActionForm => typeof(CbrRestoreDialog);

    public ActionSpec Describe(string action) => action == "restore"
        ? new("restore", "Restore", Destructive: true, "Restore from this backup? The target's disks are overwritten with the backup's data.", HasForm: true)
        : new(action, action, Destructive: true);

    public IEnumerable<string> Validate(TargetOptions target, string key) => HuaweiApi.Validate(target, key);

    /// <summary>The restore logs are the target's only read: nothing is optional.</summary>
    public async Task<TargetRead> PollAsync(TargetOptions target, CancellationToken cancellationToken) =>
        TargetRead.Of((await apis.Cbr(target).ListRestoreLogsAsync(target, time.GetUtcNow() - Window, cancellationToken))
            .Where(l => l.Id is not null && l.OperationType is null or "restore")
            .Select(l => ToOperation(target, l))
            .ToList());

    public Task<ActionResultInfo> ExecuteAsync(TargetOptions target, Operation operation, ActionInput input, CancellationToken cancellationToken) =>
        throw new ActionInputException("A CBR restore offers no action once it runs.");

    public async Task<IReadOnlyList<BackupItem>> ListBackupsAsync(TargetOptions target, BackupQuery query, CancellationToken cancellationToken) =>
        (await apis.Cbr(target).ListAllBackupsAsync(target, query, cancellationToken))
            .Where(b => b.Id is not null)
            .Select(b => new BackupItem(b.Id!, b.Name ?? b.Id!, b.CreatedAt, b.Status ?? "unknown", b.ResourceSize * 1024L * 1024 * 1024,
                b.Status == "available" ? ["restore"] : [])
            {
                Details = new CbrBackupDetails(b.ResourceType ?? "", b.ResourceId, b.ResourceName,
                    (b.Children ?? []).Where(c => c.Id is not null).Select(c => new CbrDiskChoice(c.Id!, c.ResourceName ?? c.Name ?? c.Id!, c.ResourceId)).ToList()),
            })
            .ToList();

    public async Task<ActionResultInfo> ExecuteBackupActionAsync(TargetOptions target, BackupItem backup, ActionInput input, CancellationToken cancellationToken)
    {
        if (backup.Details is not CbrBackupDetails details)
        {
            throw new ActionInputException("This backup cannot be restored from here.");
        }
        var restore = RestoreOf(details, input);
        var since = time.GetUtcNow() - TimeSpan.FromMinutes(1);
        var api = apis.Cbr(target);
        await api.RestoreAsync(target.ProjectId!, backup.Id, new CbrRestoreRequest(restore), cancellationToken);
        // 202 has no body: the restore's own record is the newest operation log for this backup.
        var log = (await api.ListRestoreLogsAsync(target, since, cancellationToken))
            .Where(l => l.ExtraInfo?.Restore?.BackupId == backup.Id)
            .MaxBy(l => l.CreatedAt);
        return new ActionResultInfo(log?.Id is null ? null : $"{target.Name}:restore-{log.Id}",
            [new Fact("Operation log", log?.Id ?? "not listed yet"), new Fact("Target", restore.ServerId ?? restore.VolumeId ?? "?")], []);
    }

    /// <summary>The restore body from CBR's own JSON (<c>{"restore":{…}}</c> or its inside) or from the form's fields.</summary>
    private static CbrRestore RestoreOf(CbrBackupDetails details, ActionInput input)
    {
        CbrRestore restore;
        if (input.Json is { ValueKind: JsonValueKind.Object } json)
        {
            var inner = json.TryGetProperty("restore", out var r) ? r : json;
            restore = inner.Deserialize(CbrJsonContext.Default.CbrRestore)
                ?? throw new ActionInputException("The restore body must be CBR's {\"restore\": {...}}.");
        }
        else if (details.IsServer)
        {
            var mappings = details.Disks.Select(d => new CbrMapping(d.BackupId, input.Field($"volume:{d.BackupId}")?.Trim() ?? "")).ToList();
            restore = new CbrRestore(mappings, input.Flag("power_on") ?? false, input.Field("server_id")?.Trim(), null);
        }
        else
        {
            restore = new CbrRestore(null, null, null, input.Field("volume_id")?.Trim());
        }
        if (details.IsServer)
        {
            if (string.IsNullOrEmpty(restore.ServerId))
            {
                throw new ActionInputException("A server restore needs the target server (server_id).");
            }
            var missing = details.Disks.FirstOrDefault(d => !(restore.Mappings ?? []).Any(m => m.BackupId == d.BackupId && m.VolumeId.Length > 0));
            if (missing is not null)
            {
                throw new ActionInputException($"Choose the target volume for disk backup {missing.Name}.");
            }
        }
        else if (string.IsNullOrEmpty(restore.VolumeId))
        {
            throw new ActionInputException("A disk restore needs the target volume (volume_id).");
        }
        return restore;
    }

    internal static Operation ToOperation(TargetOptions target, CbrOperationLog log)
    {
        var restore = log.ExtraInfo?.Restore;
        return new Operation
        {
            Id = $"{target.Name}:restore-{log.Id}",
            Target = target.Name,
            System = SystemName,
            Kind = "restore",
            Subject = $"{restore?.BackupName ?? restore?.BackupId ?? log.Id} → {restore?.TargetResourceName ?? restore?.TargetResourceId ?? "?"}",
            // The operation log's own times: started (or queued) while it runs, ended once it is over.
            StateSince = log.Status switch
            {
                "waiting" => log.CreatedAt,
                "running" => log.StartedAt ?? log.CreatedAt,
                _ => log.EndedAt ?? log.UpdatedAt,
            },
            State = log.Status switch
            {
                "waiting" or "running" => OperationState.Running,
                "success" => OperationState.Succeeded,
                "failed" or "timeout" or "skipped" => OperationState.Failed,
                _ => OperationState.Unknown,
            },
            VendorStatus = log.Status ?? "unknown",
            VendorStatusDescription = log.Status switch
            {
                "waiting" => "Waiting to start",
                "skipped" => "Skipped: a precheck failed",
                "timeout" => "Ran too long without an error",
                _ => null,
            },
            Progress = log.ExtraInfo?.Common?.Progress is { } p ? Math.Clamp(p, 0, 100) : null,
            Message = log.ErrorInfo is { } error && (error.Code ?? error.Message) is not null ? $"{error.Code}: {error.Message}" : null,
            Times = [new LabeledTime("Created", log.CreatedAt), new LabeledTime("Started", log.StartedAt), new LabeledTime("Ended", log.EndedAt)],
            Facts =
            [
                new LabeledValue("Backup", restore?.BackupName ?? restore?.BackupId ?? "?"),
                new LabeledValue("Restored to", restore?.TargetResourceName ?? restore?.TargetResourceId ?? "?"),
            ],
        };
    }
}
