using System.Text.Json.Serialization;

namespace BackupRestore.Dashboard.Vendors.Cse;

// CSE shapes (vendor-apis.md §4.2, §4.6), camelCase. The vendor's own example sends progress and time as
// strings ("20", "123"): numbers are read from either form.

public sealed record CseRecoveryRecord(
    string? Id,
    string? EngineId,
    string? BackupId,
    string? Status,
    string? BackupName,
    string? Name,
    string? Description,
    int? Progress,
    long? Time,
    string? Reason);

public sealed record CseBackup(string? Id, string? EngineId, string? Name, string? Description, string? Type, string? Status, long? Size, long? CreateTime);

/// <summary>Engine details (§4.3), of which the dashboard reads only that the engine exists and its status.</summary>
public sealed record CseEngine(string? Id, string? Name, string? Status, string? Version);

public sealed record CseList<T>(long? Total, IReadOnlyList<T>? Data);

public sealed record CseRecoveryRequest(string Name, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Description);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    Converters = [typeof(TolerantStringConverter)])]
[JsonSerializable(typeof(CseEngine))]
[JsonSerializable(typeof(CseRecoveryRecord))]
[JsonSerializable(typeof(CseList<CseRecoveryRecord>))]
[JsonSerializable(typeof(CseList<CseBackup>))]
[JsonSerializable(typeof(CseRecoveryRequest))]
internal sealed partial class CseJsonContext : JsonSerializerContext;
