using System.Globalization;
using System.Text.Json;
using BackupRestore.Dashboard.Vendors;

namespace BackupRestore.Dashboard.Features.Audit;

/// <summary>One readable line of an audit entry's parameters or vendor error.</summary>
public sealed record AuditPair(string Key, string Value);

/// <summary>
/// An audit entry's stored JSON made readable: parameters as key/value pairs (nested keys joined with dots), the
/// vendor's error as its status, code and message. Secrets were removed when the entry was written; anything
/// secret-looking is removed here again, for entries written before a key was known to be one.
/// </summary>
public static class AuditDisplay
{
    /// <summary>An action's input has a handful of fields; a runaway one is cut here rather than fill the page.</summary>
    public const int MaxPairs = 40;

    public static IReadOnlyList<AuditPair> Parameters(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }
        var pairs = new List<AuditPair>();
        try
        {
            using var document = JsonDocument.Parse(json);
            Flatten(document.RootElement, "", pairs);
        }
        catch (JsonException)
        {
            return [new AuditPair("parameters", "(not readable)")];
        }
        return pairs.Count <= MaxPairs ? pairs : [.. pairs.Take(MaxPairs), new AuditPair("…", $"{pairs.Count - MaxPairs} more")];
    }

    public static IReadOnlyList<AuditPair> VendorError(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }
        VendorError? error;
        try
        {
            error = JsonSerializer.Deserialize(json, AuditJson.Default.VendorError);
        }
        catch (JsonException)
        {
            return [new AuditPair("error", "(not readable)")];
        }
        if (error is null)
        {
            return [];
        }
        var pairs = new List<AuditPair> { new("HTTP status", error.HttpStatus.ToString(CultureInfo.InvariantCulture)) };
        if (error.Code is { Length: > 0 } code)
        {
            pairs.Add(new("code", code));
        }
        if (error.Module is { Length: > 0 } module)
        {
            pairs.Add(new("module", module));
        }
        pairs.Add(new("message", error.Message));
        if (error.Details is { Length: > 0 } details)
        {
            pairs.Add(new("details", details));
        }
        return pairs;
    }

    private static void Flatten(JsonElement element, string key, List<AuditPair> pairs)
    {
        if (key.Length > 0 && AuditParameters.IsSecret(LastSegment(key)))
        {
            pairs.Add(new AuditPair(key, "[removed]"));
            return;
        }
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Flatten(property.Value, key.Length == 0 ? property.Name : $"{key}.{property.Name}", pairs);
                }
                break;
            case JsonValueKind.Array when element.EnumerateArray().All(IsScalar):
                pairs.Add(new AuditPair(Key(key), string.Join(", ", element.EnumerateArray().Select(Scalar))));
                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Flatten(item, $"{Key(key)}[{index++}]", pairs);
                }
                break;
            default:
                pairs.Add(new AuditPair(Key(key), Scalar(element)));
                break;
        }
    }

    private static string Key(string key) => key.Length == 0 ? "value" : key;

    private static string LastSegment(string key) => key[(key.LastIndexOf('.') + 1)..];

    private static bool IsScalar(JsonElement element) => element.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array);

    private static string Scalar(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString() ?? "",
        JsonValueKind.Null => "—",
        JsonValueKind.True => "yes",
        JsonValueKind.False => "no",
        _ => element.GetRawText(),
    };
}
