using System.Globalization;
using System.Text.Json;
using BackupRestore.Dashboard.Features.Operations;
using BackupRestore.Dashboard.Features.Targets;
using BackupRestore.Dashboard.Vendors.Http;

namespace BackupRestore.Dashboard.Vendors.Nsx;

/// <summary>
/// NSX-T cluster restore: one operation per manager cluster, actions exactly as <c>endpoints</c> offers them.
/// The status is the target's primary read; backuptimestamps and instruction-resources are optional panels.
/// </summary>
internal sealed class NsxConnector(VendorApis apis) : IVendorConnector, IBackupCatalog
{
    public const string SystemName = "nsx";
    public const string BackupsCall = "GET /api/v1/cluster/restore/backuptimestamps";
    public const string ResourcesCall = "GET /api/v1/cluster/restore/instruction-resources?instruction_id={id}";

    private static readonly Dictionary<string, ActionSpec> Specs = new()
    {
        ["start"] = new("start", "Start restore", Destructive: true,
            "Restore the cluster from the selected backup? The manager's current configuration is replaced.", HasForm: true),
        ["suspend"] = new("suspend", "Suspend", Destructive: true, "Suspend the restore? The current step finishes first."),
        ["advance"] = new("advance", "Resume", Destructive: false, HasForm: true),
        ["retry"] = new("retry", "Retry failed step", Destructive: false),
        ["retry_with_updated_config"] = new("retry_with_updated_config", "Retry with updated config", Destructive: true,
            "Retry the failed step with the restore configuration as it is now? Use it after the backup passphrase was fixed; without the fix the step fails again."),
        ["cancel"] = new("cancel", "Cancel restore", Destructive: true,
            "Cancel the restore? A running step finishes; nothing is rolled back, and the cluster stays partly restored."),
    };

    public string System => SystemName;

    public Type? CardBody => typeof(NsxCard);

    public Type? BackupActionForm => typeof(NsxBackupStartDialog);

    /// <summary>backuptimestamps as restore sources; <c>start</c> is offered while the cluster's restore is INITIAL.</summary>
    public async Task<IReadOnlyList<BackupItem>> ListBackupsAsync(TargetOptions target, BackupQuery query, CancellationToken cancellationToken)
    {
        var api = apis.Nsx(target);
        var status = VendorRefit.Required(await api.GetStatusAsync(cancellationToken), NsxApi.System, "the restore status");
        var canStart = NsxMapping.ActionsOf(status.Endpoints).Contains("start");
        return ((await api.GetBackupTimestampsAsync(cancellationToken))?.Results ?? [])
            .Where(b => b.Timestamp is not null && b.NodeId is not null)
            .Select(b => new NsxBackupChoice(b.Timestamp!.Value, b.NodeId!, b.IpAddress))
            .OrderByDescending(b => b.Timestamp)
            .Select(b => new BackupItem(b.Timestamp.ToString(CultureInfo.InvariantCulture), $"Cluster backup of node {b.IpAddress}", b.TakenAt, "available", null,
                canStart ? ["start"] : []) { Details = b })
            .ToList();
    }

    public async Task<ActionResultInfo> ExecuteBackupActionAsync(TargetOptions target, BackupItem backup, ActionInput input, CancellationToken cancellationToken)
    {
        if (input.Action != "start" || backup.Details is not NsxBackupChoice choice)
        {
            throw new ActionInputException($"NSX backups have no action '{input.Action}'.");
        }
        await apis.Nsx(target).StartAsync(new NsxInitiateClusterRestoreRequest(choice.NodeId, choice.Timestamp), cancellationToken);
        return ActionResultInfo.Started($"{target.Name}:{NsxMapping.OperationSuffix}");
    }

    public ActionSpec Describe(string action) => Specs.GetValueOrDefault(action) ?? new ActionSpec(action, action, Destructive: true);

    public IEnumerable<string> Validate(TargetOptions target, string key)
    {
        if (target.Auth is not (null or "" or "session" or "basic"))
        {
            yield return $"{key}:Auth '{target.Auth}' is not supported for nsx. Use 'session' (default) or 'basic'.";
        }
    }

    public async Task<TargetRead> PollAsync(TargetOptions target, CancellationToken cancellationToken)
    {
        var api = apis.Nsx(target);
        var status = VendorRefit.Required(await api.GetStatusAsync(cancellationToken), NsxApi.System, "the restore status");
        var gaps = new List<DataGap>();
        var resources = new Dictionary<string, IReadOnlyList<JsonElement>>();
        foreach (var instruction in status.Instructions ?? [])
        {
            if (instruction.Id is { } id && await VendorFailure.OptionalAsync(() => api.GetAllInstructionResourcesAsync(id, cancellationToken),
                $"Resources of instruction {instruction.Name ?? id}", ResourcesCall, gaps) is { } listed)
            {
                resources[id] = listed;
            }
        }
        var backups = NsxMapping.ActionsOf(status.Endpoints).Contains("start")
            ? await VendorFailure.OptionalAsync(() => api.GetBackupTimestampsAsync(cancellationToken), "Backups to restore from", BackupsCall, gaps)
            : null;
        var operation = NsxMapping.ToOperation(target, status, resources, backups?.Results ?? []) with { Gaps = gaps };
        return new TargetRead([operation], gaps);
    }

    public async Task<ActionResultInfo> ExecuteAsync(TargetOptions target, Operation operation, ActionInput input, CancellationToken cancellationToken)
    {
        var client = apis.Nsx(target);
        switch (input.Action)
        {
            case "start":
                await client.StartAsync(StartRequest(operation, input), cancellationToken);
                break;
            case "suspend":
                await client.SuspendAsync(cancellationToken);
                break;
            case "advance":
                await client.AdvanceAsync(AdvanceRequest(operation, input), cancellationToken);
                break;
            case "retry":
                await client.RetryAsync(cancellationToken);
                break;
            case "retry_with_updated_config":
                await client.RetryWithUpdatedConfigAsync(cancellationToken);
                break;
            case "cancel":
                await client.CancelAsync(cancellationToken);
                break;
            default:
                throw new ActionInputException($"NSX has no action '{input.Action}'.");
        }
        return ActionResultInfo.None;
    }

    /// <summary>The backup to start from: JSON <c>{"timestamp":…, "node_id":…}</c> or the form's <c>backup</c> choice.</summary>
    private static NsxInitiateClusterRestoreRequest StartRequest(Operation operation, ActionInput input)
    {
        var backups = (operation.Details as NsxCardDetails)?.Backups ?? [];
        long? timestamp = null;
        string? nodeId = null;
        if (input.Json is { ValueKind: JsonValueKind.Object } json)
        {
            timestamp = json.TryGetProperty("timestamp", out var ts) && ts.TryGetInt64(out var t) ? t : null;
            nodeId = json.TryGetProperty("node_id", out var node) ? node.GetString() : null;
        }
        else if (input.Field("backup")?.Split('|', 2) is [var tsText, var node] && long.TryParse(tsText, CultureInfo.InvariantCulture, out var t))
        {
            (timestamp, nodeId) = (t, node);
        }
        var choice = backups.FirstOrDefault(b => b.Timestamp == timestamp && (nodeId is null || b.NodeId == nodeId))
            ?? throw new ActionInputException(timestamp is null
                ? "Choose the backup to restore from."
                : $"Backup {timestamp} is not among the backups this manager lists now.");
        return new NsxInitiateClusterRestoreRequest(choice.NodeId, choice.Timestamp);
    }

    /// <summary>
    /// The answer to the pending instructions: JSON in NSX's own shape, or the form's ticked <c>resource</c> boxes
    /// (each <c>instructionId|resourceId</c>); every listed resource is sent with <c>selected</c> true or false.
    /// </summary>
    private static NsxAdvanceClusterRestoreRequest AdvanceRequest(Operation operation, ActionInput input)
    {
        if (input.Json is { ValueKind: JsonValueKind.Object } json)
        {
            return json.Deserialize(NsxJsonContext.Default.NsxAdvanceClusterRestoreRequest)
                ?? throw new ActionInputException("The advance body must be {\"data\": [...]}.");
        }
        var ticked = input.FieldValues("resource").ToHashSet(StringComparer.Ordinal);
        var unknown = ticked.Where(t => !operation.Instructions.Any(i => i.Resources.Any(r => $"{i.Id}|{r.Id}" == t))).ToList();
        if (unknown.Count > 0)
        {
            throw new ActionInputException($"Resource {unknown[0]} is not listed by a pending instruction; reload the page.");
        }
        return new NsxAdvanceClusterRestoreRequest(operation.Instructions
            .Select(i => new NsxAdvanceClusterRestoreInput(i.Id, i.Resources
                .Select(r => new NsxSelectableResourceReference(r.Id, r.Type, ticked.Contains($"{i.Id}|{r.Id}")))
                .ToList()))
            .ToList());
    }
}
