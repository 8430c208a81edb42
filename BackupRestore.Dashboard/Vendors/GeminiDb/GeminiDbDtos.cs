using System.Text.Json.Serialization;

namespace BackupRestore.Dashboard.Vendors.GeminiDb;

// GeminiDB (GaussDB NoSQL) shapes (vendor-apis.md §3.2-§3.4). Times arrive as "yyyy-mm-dd hh:mm:ss" (v3) or
// "yyyy-mm-ddThh:mm:ss+0800" (v3.1): kept as text and parsed by GeminiDbTime.

public sealed record GdbBackup(
    string? Id,
    string? Name,
    string? Description,
    string? InstanceId,
    string? InstanceName,
    string? Type,
    double? Size,
    string? Status,
    string? BeginTime,
    string? EndTime);

public sealed record GdbBackupList(long? TotalCount, IReadOnlyList<GdbBackup>? Backups);

public sealed record GdbInstance(string? Id, string? Name, string? Status, IReadOnlyList<string>? Actions);

public sealed record GdbInstanceList(IReadOnlyList<GdbInstance>? Instances, long? TotalCount);

public sealed record GdbJobRef(string? Id, string? Name);

public sealed record GdbJob(string? Id, string? Name, string? Status, string? Created, string? Ended, string? Progress, GdbJobRef? Instance, string? FailReason);

public sealed record GdbJobEnvelope(GdbJob? Job);

public sealed record GdbStopRequest(string Action);

public sealed record GdbStopResult(string? JobId);

public sealed record GdbCreateRequest(string Name, string? Description);

public sealed record GdbCreateResult(string? JobId, string? BackupId);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(TolerantStringConverter)])]
[JsonSerializable(typeof(GdbBackupList))]
[JsonSerializable(typeof(GdbInstanceList))]
[JsonSerializable(typeof(GdbJobEnvelope))]
[JsonSerializable(typeof(GdbStopRequest))]
[JsonSerializable(typeof(GdbStopResult))]
[JsonSerializable(typeof(GdbCreateRequest))]
[JsonSerializable(typeof(GdbCreateResult))]
internal sealed partial class GeminiDbJsonContext : JsonSerializerContext;

internal static class GeminiDbTime
{
    private static readonly string[] Formats = ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-ddTHH:mm:sszzz", "yyyy-MM-ddTHH:mm:ssZ", "yyyy-MM-ddTHH:mm:sszzzz"];

    /// <summary>Both documented forms; a v3.1 offset without a colon (+0800) included. Unreadable or empty: null.</summary>
    public static DateTimeOffset? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var normalized = text.Length > 5 && text[^5] is '+' or '-' && text[^3] != ':' ? text[..^2] + ":" + text[^2..] : text;
        return DateTimeOffset.TryParseExact(normalized, Formats, System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal, out var at) ? at : null;
    }
}
