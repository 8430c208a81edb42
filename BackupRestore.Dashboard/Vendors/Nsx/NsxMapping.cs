using System.Globalization;
using System.Text.Json;
using BackupRestore.Dashboard.Features.Operations;
using BackupRestore.Dashboard.Features.Targets;

namespace BackupRestore.Dashboard.Vendors.Nsx;

/// <summary>A backup the operator can start a restore from (from <c>backuptimestamps</c>).</summary>
public sealed record NsxBackupChoice(long Timestamp, string NodeId, string? IpAddress)
{
    public DateTimeOffset TakenAt => DateTimeOffset.FromUnixTimeMilliseconds(Timestamp);

    /// <summary>The form value: timestamp and node, because both identify the backup to NSX.</summary>
    public string FormValue => $"{Timestamp.ToString(CultureInfo.InvariantCulture)}|{NodeId}";
}

/// <summary>What an NSX card shows beyond the common fields.</summary>
public sealed record NsxCardDetails(string? RestoreId, IReadOnlyList<NsxBackupChoice> Backups);

/// <summary>ClusterRestoreStatus → <see cref="Operation"/>.</summary>
internal static class NsxMapping
{
    public const string OperationSuffix = "cluster-restore";

    private static readonly HashSet<string> KnownActions =
        ["start", "suspend", "advance", "retry", "retry_with_updated_config", "cancel"];

    private static readonly Dictionary<string, string> FieldAliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ip"] = "ip_address",
        ["name"] = "display_name",
        ["type"] = "resource_type",
    };

    public static Operation ToOperation(
        TargetOptions target,
        NsxRestoreStatus status,
        IReadOnlyDictionary<string, IReadOnlyList<JsonElement>> resources,
        IReadOnlyList<NsxClusterBackupInfo> backups)
    {
        var value = status.Status?.Value ?? "UNKNOWN";
        var state = StateOf(value);
        var instructions = (status.Instructions ?? [])
            .Where(i => i.Id is not null)
            .Select(i => ToInstruction(i, resources.GetValueOrDefault(i.Id!) ?? []))
            .ToList();
        return new Operation
        {
            Id = $"{target.Name}:{OperationSuffix}",
            Target = target.Name,
            System = NsxConnector.SystemName,
            Kind = "restore",
            Subject = status.Id is { Length: > 0 } restoreId ? $"cluster restore {restoreId[..Math.Min(8, restoreId.Length)]}" : "cluster restore",
            // NSX gives when the restore ended; while it runs or waits it gives no time for the current state.
            StateSince = state is OperationState.Succeeded or OperationState.Cancelled or OperationState.Failed ? FromEpoch(status.RestoreEndTime) : null,
            State = state,
            VendorStatus = value,
            VendorStatusDescription = status.Status?.Description,
            Progress = ProgressOf(status, state),
            Step = StepOf(status),
            Instructions = instructions,
            Actions = ActionsOf(status.Endpoints),
            Message = MessageOf(status, state, instructions),
            Times =
            [
                new LabeledTime("Backup taken", FromEpoch(status.BackupTimestamp)),
                new LabeledTime("Started", FromEpoch(status.RestoreStartTime)),
                new LabeledTime("Ended", FromEpoch(status.RestoreEndTime)),
            ],
            Details = new NsxCardDetails(
                status.Id,
                backups.Where(b => b.Timestamp is not null && b.NodeId is not null)
                    .Select(b => new NsxBackupChoice(b.Timestamp!.Value, b.NodeId!, b.IpAddress))
                    .OrderByDescending(b => b.Timestamp)
                    .ToList()),
        };
    }

    public static OperationState StateOf(string value) => value switch
    {
        "INITIAL" or "NOT_STARTED" => OperationState.Idle,
        "RUNNING" or "SUSPENDING" => OperationState.Running,
        "SUSPENDED" or "SUSPENDED_BY_USER" or "SUSPENDED_FOR_USER_ACTION" => OperationState.Suspended,
        "FAILED" => OperationState.Failed,
        "SUCCESS" => OperationState.Succeeded,
        "ABORTED" => OperationState.Cancelled,
        _ => OperationState.Unknown,
    };

    /// <summary>
    /// The action names <c>endpoints</c> offers. A link names its action in <c>action</c>, in the href's
    /// <c>action=</c> query, or as the last segment of <c>/action/...</c>; <c>resume</c> is advance (§1.2).
    /// </summary>
    public static IReadOnlyList<string> ActionsOf(IReadOnlyList<NsxResourceLink>? endpoints) =>
        (endpoints ?? []).Select(ActionOf).OfType<string>().Distinct().ToList();

    private static string? ActionOf(NsxResourceLink link)
    {
        var candidates = new[] { link.Action, QueryAction(link.Href), PathAction(link.Href), link.Rel };
        foreach (var candidate in candidates)
        {
            var name = candidate?.Trim().ToLowerInvariant();
            name = name == "resume" ? "advance" : name;
            if (name is not null && KnownActions.Contains(name))
            {
                return name;
            }
        }
        return null;
    }

    private static string? QueryAction(string? href)
    {
        var query = href?.Split('?', 2) is [_, var q] ? q : null;
        return query?.Split('&').Select(p => p.Split('=', 2)).FirstOrDefault(p => p[0] == "action" && p.Length == 2)?[1];
    }

    private static string? PathAction(string? href)
    {
        var path = href?.Split('?', 2)[0];
        var at = path?.LastIndexOf("/action/", StringComparison.Ordinal) ?? -1;
        return at >= 0 ? path![(at + "/action/".Length)..] : null;
    }

    private static Instruction ToInstruction(NsxInstructionInfo info, IReadOnlyList<JsonElement> resources)
    {
        var fields = info.Fields ?? [];
        var rows = resources.Where(r => r.ValueKind == JsonValueKind.Object).Select(r => new InstructionResource(
            Text(r, "id") ?? "",
            Text(r, "resource_type"),
            fields.ToDictionary(f => f, f => Text(r, f) ?? (FieldAliases.TryGetValue(f, out var alias) ? Text(r, alias) : null))))
            .ToList();
        return new Instruction(info.Id!, info.Name ?? "Instruction", info.Actions ?? [], fields, rows);
    }

    private static string? Text(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            return null;
        }
        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            _ => value.GetRawText(),
        };
    }

    private static OperationStep? StepOf(NsxRestoreStatus status) => status.Step is { } step
        ? new OperationStep(step.StepNumber ?? 0, status.TotalSteps ?? 0, step.Value ?? "", step.Description, step.Status?.Value, step.Status?.Description)
        : null;

    private static int? ProgressOf(NsxRestoreStatus status, OperationState state)
    {
        if (state == OperationState.Succeeded)
        {
            return 100;
        }
        if (state == OperationState.Idle || status.Step?.StepNumber is not { } number || status.TotalSteps is not > 0)
        {
            return null;
        }
        var done = Math.Max(0, number - 1) + (status.Step.Status?.Value == "SUCCESS" ? 1 : 0);
        return Math.Clamp(done * 100 / status.TotalSteps.Value, 0, 100);
    }

    private static string? MessageOf(NsxRestoreStatus status, OperationState state, List<Instruction> instructions) => state switch
    {
        OperationState.Failed => status.Step?.Status?.Description ?? status.Status?.Description,
        OperationState.Suspended when instructions.Count > 0 => $"Waiting for user action: {string.Join(", ", instructions.Select(i => i.Name))}",
        _ => null,
    };

    private static DateTimeOffset? FromEpoch(long? ms) => ms is > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(ms.Value) : null;
}
