using System.Text.Json;
using System.Text.Json.Serialization;

namespace BackupRestore.Dashboard.Vendors.Nsx;

// NSX Manager cluster-restore shapes (vendor-apis.md §1.3). Every field is optional on read: a backend that omits
// one must not break the page.

public sealed record NsxStatusValue(string? Value, string? Description);

public sealed record NsxRestoreStep(int? StepNumber, string? Value, string? Description, NsxStatusValue? Status);

public sealed record NsxResourceLink(string? Action, string? Href, string? Rel);

public sealed record NsxInstructionInfo(string? Id, string? Name, IReadOnlyList<string>? Actions, IReadOnlyList<string>? Fields);

public sealed record NsxRestoreStatus(
    string? Id,
    long? BackupTimestamp,
    long? RestoreStartTime,
    long? RestoreEndTime,
    NsxStatusValue? Status,
    NsxRestoreStep? Step,
    int? TotalSteps,
    IReadOnlyList<NsxResourceLink>? Endpoints,
    IReadOnlyList<NsxInstructionInfo>? Instructions);

public sealed record NsxClusterBackupInfo(long? Timestamp, string? NodeId, string? IpAddress, IReadOnlyList<string>? RestoreType);

public sealed record NsxListResult<T>(IReadOnlyList<T>? Results, long? ResultCount, string? Cursor);

public sealed record NsxApiError(
    [property: JsonPropertyName("httpStatus")] string? HttpStatus,
    long? ErrorCode,
    string? ErrorMessage,
    string? ModuleName,
    string? Details);

public sealed record NsxInitiateClusterRestoreRequest(string NodeId, long Timestamp);

public sealed record NsxAdvanceClusterRestoreRequest(IReadOnlyList<NsxAdvanceClusterRestoreInput> Data);

public sealed record NsxAdvanceClusterRestoreInput(string Id, IReadOnlyList<NsxSelectableResourceReference> Resources);

public sealed record NsxSelectableResourceReference(string TargetId, string? TargetType, bool Selected);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(TolerantStringConverter)])]
[JsonSerializable(typeof(NsxRestoreStatus))]
[JsonSerializable(typeof(NsxListResult<NsxClusterBackupInfo>))]
[JsonSerializable(typeof(NsxListResult<JsonElement>))]
[JsonSerializable(typeof(NsxApiError))]
[JsonSerializable(typeof(NsxInitiateClusterRestoreRequest))]
[JsonSerializable(typeof(NsxAdvanceClusterRestoreRequest))]
internal sealed partial class NsxJsonContext : JsonSerializerContext;
