using System.Text.Json.Serialization;

namespace BackupRestore.Simulator.Nsx;

// The JSON the simulated NSX Manager writes, serialized snake_case (vendor-apis.md §1.3).

public sealed record NsxStatusValue(string Value, string Description);

public sealed record NsxStepWire(int StepNumber, string Value, string Description, NsxStatusValue Status);

public sealed record NsxResourceLink(string Action, string Href, string Rel);

public sealed record NsxInstructionWire(string Id, string Name, IReadOnlyList<string> Actions, IReadOnlyList<string> Fields);

public sealed record NsxRestoreStatusWire(
    string? Id,
    long? BackupTimestamp,
    long? RestoreStartTime,
    long? RestoreEndTime,
    NsxStatusValue Status,
    NsxStepWire? Step,
    int TotalSteps,
    IReadOnlyList<NsxResourceLink> Endpoints,
    IReadOnlyList<NsxInstructionWire> Instructions,
    IReadOnlyList<string> AllowedActions,
    IReadOnlyList<string> NotAllowedActions);

public sealed record NsxBackupInfoWire(long Timestamp, string NodeId, string IpAddress, IReadOnlyList<string> RestoreType);

public sealed record NsxListResult<T>(IReadOnlyList<T> Results, int ResultCount, string? Cursor, string SortBy, bool SortAscending);

public sealed record NsxActionableResourceWire(
    string Id,
    string DisplayName,
    string ResourceType,
    string IpAddress,
    string? Description);

public sealed record NsxApiErrorWire(
    [property: JsonPropertyName("httpStatus")] string HttpStatus,
    int ErrorCode,
    string ModuleName,
    string ErrorMessage,
    string? Details = null);

public sealed record NsxInitiateRequest(string? NodeId, long? Timestamp, string? IpAddress);

public sealed record NsxAdvanceRequest(IReadOnlyList<NsxAdvanceInput>? Data);

public sealed record NsxAdvanceInput(string? Id, IReadOnlyList<NsxSelectableResource>? Resources);

public sealed record NsxSelectableResource(string? TargetId, string? TargetType, bool? Selected);

/// <summary>What an NSX call answers: a status, or an HTTP error with an NSX error body.</summary>
public sealed record NsxOutcome(NsxRestoreStatusWire? Status, int HttpStatus, NsxApiErrorWire? Error)
{
    public static NsxOutcome Ok(NsxRestoreStatusWire status) => new(status, 200, null);

    public static NsxOutcome Conflict(string message) =>
        new(null, 409, new NsxApiErrorWire("CONFLICT", 22013, "cluster-restore", message));

    public static NsxOutcome BadRequest(string message, int code = 22014) =>
        new(null, 400, new NsxApiErrorWire("BAD_REQUEST", code, "cluster-restore", message));
}
