using System.Collections.Concurrent;
using BackupRestore.Dashboard.Features.Operations;
using BackupRestore.Dashboard.Features.Targets;
using BackupRestore.Dashboard.Vendors.Http;
using BackupRestore.Dashboard.Vendors.Huawei;

namespace BackupRestore.Dashboard.Vendors.Cse;

/// <summary>
/// CSE engine restore: each recovery record is an operation (RecoveringData → RestartingService → Success, or a
/// *Failed value with its reason); <c>recovery</c> on a successful backup starts one. The engine is the primary read
/// [D]; the recovery and backup lists are [I] and optional: a recovery started here is still shown from its POST answer.
/// </summary>
internal sealed class CseConnector(VendorApis apis, TimeProvider time) : IVendorConnector, IBackupCatalog
{
    public const string SystemName = "cse";
    private const int Remembered = 20;

    /// <summary>Recoveries this dashboard started, per target, as the POST answered them (and when).</summary>
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, (CseRecoveryRecord Record, DateTimeOffset At)>> started =
        new(StringComparer.OrdinalIgnoreCase);

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

    public async Task<TargetRead> PollAsync(TargetOptions target, CancellationToken cancellationToken)
    {
        var api = apis.Cse(target);
        VendorRefit.Required(await api.GetEngineAsync(target.ProjectId!, target.EngineId!, target.Project(), cancellationToken), CseApi.System, "the engine");
        var gaps = new List<DataGap>();
        var listed = await VendorFailure.OptionalAsync(() => api.ListRecoveriesAsync(target.EngineId!, target.Project(), cancellationToken),
            "Recoveries", CseApi.RecoveriesCall, gaps);
        var records = (listed?.Data ?? []).Where(r => r.Id is not null).ToList();
        var operations = records.Select(r => ToOperation(target, r)).ToList();
        var mine = started.GetValueOrDefault(target.Name);
        foreach (var (id, (record, at)) in mine?.ToArray() ?? [])
        {
            if (records.Any(r => r.Id == id))
            {
                mine!.TryRemove(id, out _);
                continue;
            }
            // Not listed (the list is missing or lags): the POST answer is what is known, and the card says how old it is.
            var stale = new DataGap("Progress", CseApi.RecoveriesCall, gaps.FirstOrDefault()?.HttpStatus, gaps.FirstOrDefault()?.VendorCode,
                $"As answered when it was started at {at:u}; {(gaps.Count > 0 ? gaps[0].Message : "the recovery list does not show it yet")}");
            operations.Add(ToOperation(target, record) with { Gaps = [stale] });
        }
        return new TargetRead(operations, gaps);
    }

    public Task<ActionResultInfo> ExecuteAsync(TargetOptions target, Operation operation, ActionInput input, CancellationToken cancellationToken) =>
        throw new ActionInputException("A CSE recovery offers no action once it runs.");

    public async Task<IReadOnlyList<BackupItem>> ListBackupsAsync(TargetOptions target, BackupQuery query, CancellationToken cancellationToken)
    {
        var api = apis.Cse(target);
        var backups = (await api.ListBackupsAsync(target.EngineId!, target.Project(), cancellationToken))?.Data ?? [];
        var recoveries = await VendorFailure.OptionalAsync(() => api.ListRecoveriesAsync(target.EngineId!, target.Project(), cancellationToken), "Recoveries", CseApi.RecoveriesCall, []);
        var busy = (recoveries?.Data ?? []).Any(r => StateOf(r.Status) == OperationState.Running);
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
        var record = VendorRefit.Required(await apis.Cse(target).RecoverAsync(target.EngineId!, backup.Id,
            new CseRecoveryRequest(name, string.IsNullOrEmpty(description) ? null : description), target.Project(), cancellationToken), CseApi.System, "the recovery");
        if (record.Id is not null)
        {
            var mine = started.GetOrAdd(target.Name, _ => new());
            mine[record.Id] = (record, time.GetUtcNow());
            foreach (var old in mine.OrderByDescending(r => r.Value.At).Skip(Remembered))
            {
                mine.TryRemove(old.Key, out _);
            }
        }
        return new ActionResultInfo(record.Id is null ? null : $"{target.Name}:recovery-{record.Id}", [new Fact("Restoration record", record.Id ?? "?")], []);
    }

    /// <summary>A backup named by its id when the (undocumented) list cannot be read: the engine checks it when asked.</summary>
    public BackupItem? Unlisted(string backupId) => new(backupId, backupId, null, "unknown", null, ["recovery"]);

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
