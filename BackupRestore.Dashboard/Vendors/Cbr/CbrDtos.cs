using System.Text.Json.Serialization;

namespace BackupRestore.Dashboard.Vendors.Cbr;

// CBR shapes (vendor-apis.md §5.2-§5.5), snake_case.

public sealed record CbrBackup(
    string? Id,
    string? Name,
    string? ResourceId,
    string? ResourceName,
    string? ResourceType,
    long? ResourceSize,
    string? Status,
    string? VaultId,
    DateTimeOffset? CreatedAt,
    IReadOnlyList<CbrBackup>? Children);

public sealed record CbrBackupList(IReadOnlyList<CbrBackup>? Backups, long? Count, long? Offset, long? Limit);

public sealed record CbrErrorInfo(string? Code, string? Message);

public sealed record CbrCommonInfo(int? Progress, string? RequestId, string? TaskId);

public sealed record CbrRestoreInfo(string? BackupId, string? BackupName, string? TargetResourceId, string? TargetResourceName);

public sealed record CbrResourceInfo(string? Id, string? Name, string? Type);

public sealed record CbrExtraInfo(CbrCommonInfo? Common, CbrRestoreInfo? Restore, CbrResourceInfo? Resource);

public sealed record CbrOperationLog(
    string? Id,
    string? OperationType,
    string? Status,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EndedAt,
    DateTimeOffset? UpdatedAt,
    CbrErrorInfo? ErrorInfo,
    CbrExtraInfo? ExtraInfo);

public sealed record CbrOperationLogList(IReadOnlyList<CbrOperationLog>? OperationLogs, long? Count);

public sealed record CbrRestoreRequest(CbrRestore Restore);

public sealed record CbrRestore(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<CbrMapping>? Mappings,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? PowerOn,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ServerId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? VolumeId);

public sealed record CbrMapping(string BackupId, string VolumeId);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    Converters = [typeof(TolerantStringConverter), typeof(CbrTimeConverter)])]
[JsonSerializable(typeof(CbrBackupList))]
[JsonSerializable(typeof(CbrOperationLogList))]
[JsonSerializable(typeof(CbrRestoreRequest))]
internal sealed partial class CbrJsonContext : JsonSerializerContext;

/// <summary>CBR times come without an offset ("2020-02-05T10:38:34.209782") or with Z; both are UTC.</summary>
public sealed class CbrTimeConverter : JsonConverter<DateTimeOffset?>
{
    public override DateTimeOffset? Read(ref System.Text.Json.Utf8JsonReader reader, Type typeToConvert, System.Text.Json.JsonSerializerOptions options) =>
        reader.TokenType == System.Text.Json.JsonTokenType.String && DateTimeOffset.TryParse(reader.GetString(), System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AdjustToUniversal, out var at) ? at : null;

    public override void Write(System.Text.Json.Utf8JsonWriter writer, DateTimeOffset? value, System.Text.Json.JsonSerializerOptions options) =>
        writer.WriteStringValue(value?.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
}
