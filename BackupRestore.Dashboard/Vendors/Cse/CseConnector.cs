using BackupRestore.Dashboard.Features.Operations;
using BackupRestore.Dashboard.Features.Targets;
using BackupRestore.Dashboard.Vendors.Huawei;

namespace BackupRestore.Dashboard.Vendors.Cse;

/// <summary>
/// CSE engine restore: each recovery record is an operation (RecoveringData → RestartingService → Success, or a
/// *Failed value with its reason); <c>recovery</c> on a successful backup starts one.
/// </summary>
internal sealed class CseConnector(CseClient client) : IVendorConnector, IBackupCatalog
{
    public const string SystemName = "cse";

    public string System => SystemName;

    public Type? CardBody => typeof(CseCard);

    public Type? BackupActionForm => typeof(CseRecoveryDialog);

    public ActionSpec Describe(string action) => action == "recovery"
        ? new("recovery", "Restore engine", Destructive: true,
            "Restore the engine from this backup? Current microservices, contracts, configurations and accounts are overwritten.", HasForm: true)
        : new(action, action, Destructive: true);

    public IEnumerable<string> Validate(TargetOptions target, string key)
    {
        foreach (var error in HuaweiApi.Validate(target, key))
        {
            yield return error;
        }
        if (string.IsNullOrWhiteSpace(target.EngineId))
        {
            yield return $"{key}:EngineId is missing. Set the id of the microservice engine to watch (CSE console, engine details).";
        }
    }

    public async Task<IReadOnlyList<Operation>> PollAsync(TargetOptions target, CancellationToken cancellationToken) =>
        (await client.ListRecoveriesAsync(target, cancellationToken)).Where(r => r.Id is not null).Select(r => ToOperation(target, r)).ToList();

    public Task<ActionResultInfo> ExecuteAsync(TargetOptions target, Operation operation, ActionInput input, CancellationToken cancellationToken) =>
        throw new ActionInputException("A CSE recovery offers no action once it runs.");

    public async Task<IReadOnlyList<BackupItem>> ListBackupsAsync(TargetOptions target, BackupQuery query, CancellationToken cancellationToken)
    {
        var backups = await client.ListBackupsAsync(target, cancellationToken);
        var busy = (await client.ListRecoveriesAsync(target, cancellationToken)).Any(r => StateOf(r.Status) == OperationState.Running);
        return backups.Where(b => b.Id is not null)
            .Where(b => query.Name is null || (b.Name ?? "").Contains(query.Name, StringComparison.OrdinalIgnoreCase))
            .Select(b => new BackupItem(b.Id!, b.Name ?? b.Id!, b.CreateTime is > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(b.CreateTime.Value) : null,
                b.Status ?? "unknown", b.Size, b.Status == "Success" && !busy ? ["recovery"] : []))
            .OrderByDescending(b => b.CreatedAt)
            .ToList();
    }

    public async Task<ActionResultInfo> ExecuteBackupActionAsync(TargetOptions target, BackupItem backup, ActionInput input, CancellationToken cancellationToken)
    {
        var name = input.Value("name")?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            throw new ActionInputException("Give the restoration record a name.");
        }
        var description = input.Value("description");
        var record = await client.RecoverAsync(target, backup.Id, new CseRecoveryRequest(name, string.IsNullOrEmpty(description) ? null : description), cancellationToken);
        return new ActionResultInfo(record.Id is null ? null : $"{target.Name}:recovery-{record.Id}", [new Fact("Restoration record", record.Id ?? "?")], []);
    }

    public static OperationState StateOf(string? status) => status switch
    {
        "RecoveringData" or "RestartingService" => OperationState.Running,
        "Success" => OperationState.Succeeded,
        "RecoveringDataFailed" or "RestartingServiceFailed" => OperationState.Failed,
        _ => OperationState.Unknown,
    };

    internal static Operation ToOperation(TargetOptions target, CseRecoveryRecord record)
    {
        var phase = record.Status switch
        {
            "RecoveringData" or "RecoveringDataFailed" => 1,
            "RestartingService" or "RestartingServiceFailed" or "Success" => 2,
            _ => 0,
        };
        return new Operation
        {
            Id = $"{target.Name}:recovery-{record.Id}",
            Target = target.Name,
            System = SystemName,
            Kind = "restore",
            Subject = $"{record.Name ?? record.Id} from {record.BackupName ?? record.BackupId ?? "?"}",
            State = StateOf(record.Status),
            VendorStatus = record.Status ?? "UNKNOWN",
            VendorStatusDescription = record.Name,
            Progress = record.Progress is { } p ? Math.Clamp(p, 0, 100) : null,
            Step = phase == 0 ? null : new OperationStep(phase, 2, phase == 1 ? "RecoveringData" : "RestartingService",
                phase == 1 ? "Restoring data from the backup" : "Restarting the engine's services", record.Status, null),
            Message = string.IsNullOrEmpty(record.Reason) ? null : record.Reason,
            Facts =
            [
                new LabeledValue("Backup", record.BackupName ?? record.BackupId ?? "?"),
                new LabeledValue("Duration", record.Time is { } ms ? Sizes.Duration(TimeSpan.FromMilliseconds(ms)) : "—"),
                .. string.IsNullOrEmpty(record.Description) ? Array.Empty<LabeledValue>() : [new LabeledValue("Description", record.Description)],
            ],
        };
    }
}
