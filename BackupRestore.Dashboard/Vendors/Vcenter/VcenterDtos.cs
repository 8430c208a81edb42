using System.Text.Json.Serialization;

namespace BackupRestore.Dashboard.Vendors.Vcenter;

// vSphere appliance recovery shapes (vendor-apis.md §2.2-§2.3), snake_case.

public sealed record VcMessage(string? Id, string? DefaultMessage, IReadOnlyList<string>? Args)
{
    /// <summary>The default message with its {0}, {1}… filled in from args.</summary>
    public string Text
    {
        get
        {
            var text = DefaultMessage ?? Id ?? "";
            var args = Args ?? [];
            for (var i = 0; i < args.Count; i++)
            {
                text = text.Replace("{" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}", args[i], StringComparison.Ordinal);
            }
            return text;
        }
    }
}

public sealed record VcRestoreJobStatus(string? State, IReadOnlyList<VcMessage>? Messages, long? Progress);

public sealed record VcReturnResult(string? Status, IReadOnlyList<VcMessage>? Messages);

public sealed record VcMetadata(string? Timestamp, IReadOnlyList<string>? Parts, string? Version, string? Boxname, string? Comment, bool? Applicable, IReadOnlyList<VcMessage>? Messages);

public sealed record VcRestoreRequest(
    string LocationType,
    string Location,
    string? LocationUser,
    string? LocationPassword,
    string? BackupPassword,
    string? SsoAdminUserName,
    string? SsoAdminUserPassword,
    bool? IgnoreWarnings);

/// <summary>The new API's error (Vapi.Std.Errors.Error), and the old one's <c>{"type", "value": {…}}</c>.</summary>
public sealed record VcError(string? ErrorType, IReadOnlyList<VcMessage>? Messages, string? Type, VcError? Value);

public sealed record VcValue<T>(T? Value);

public sealed record VcPiece(VcRestoreRequest Piece);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(TolerantStringConverter)])]
[JsonSerializable(typeof(VcRestoreJobStatus))]
[JsonSerializable(typeof(VcValue<VcRestoreJobStatus>))]
[JsonSerializable(typeof(VcReturnResult))]
[JsonSerializable(typeof(VcValue<VcReturnResult>))]
[JsonSerializable(typeof(VcMetadata))]
[JsonSerializable(typeof(VcValue<VcMetadata>))]
[JsonSerializable(typeof(VcRestoreRequest))]
[JsonSerializable(typeof(VcPiece))]
[JsonSerializable(typeof(VcError))]
[JsonSerializable(typeof(VcValue<string>))]
[JsonSerializable(typeof(string))]
internal sealed partial class VcenterJsonContext : JsonSerializerContext;
