using System.Globalization;
using System.Text.Json.Nodes;
using BackupRestore.Dashboard.Features.Hosting;
using BackupRestore.Dashboard.Vendors;

namespace BackupRestore.Dashboard.Features.Audit;

/// <summary>
/// An action's input as the audit keeps it: secret fields removed, credentials in URLs redacted, and bounded, so
/// that one huge request cannot become a huge row (a 25 MB body once made /audit take seven seconds). Each
/// string keeps its first <see cref="MaxString"/> characters, each list and object its first
/// <see cref="MaxItems"/> entries, nesting stops at <see cref="MaxDepth"/>; what was cut says so and how much.
/// </summary>
public static class AuditParameters
{
    public const int MaxString = 1000;
    public const int MaxItems = 100;
    public const int MaxDepth = 8;

    /// <summary>Above this the whole record is replaced by a preview (only reachable with very wide inputs).</summary>
    public const int MaxJson = 32 * 1024;

    public const string TruncatedKey = "[truncated]";

    public static string Of(ActionInput input)
    {
        JsonNode? node = input.Json is { } json ? JsonNode.Parse(json.GetRawText()) : new JsonObject(input.Fields
            .Where(f => f.Key is not ("v" or "returnUrl"))
            .Select(f => KeyValuePair.Create(f.Key, (JsonNode?)(f.Value.Length == 1 ? JsonValue.Create(f.Value[0]) : new JsonArray(f.Value.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray())))));
        var clean = Clean(node, 0)?.ToJsonString() ?? "{}";
        return clean.Length <= MaxJson
            ? clean
            : new JsonObject { [TruncatedKey] = $"{clean[..MaxString]}… (parameters of {Count(clean.Length)} characters, cut to this preview)" }.ToJsonString();
    }

    public static bool IsSecret(string key) => ActionInput.IsSecret(key)
        || key.Contains("secret", StringComparison.OrdinalIgnoreCase) || key.Contains("token", StringComparison.OrdinalIgnoreCase);

    private static JsonNode? Clean(JsonNode? node, int depth)
    {
        if (node is JsonObject or JsonArray && depth >= MaxDepth)
        {
            return JsonValue.Create($"… (nested deeper than {MaxDepth} levels: cut)");
        }
        switch (node)
        {
            case JsonObject obj:
                var cleanObject = new JsonObject();
                foreach (var (key, value) in obj.Take(MaxItems))
                {
                    cleanObject[Bound(key)] = IsSecret(key) ? "[removed]" : Clean(value?.DeepClone(), depth + 1);
                }
                if (obj.Count > MaxItems)
                {
                    cleanObject[TruncatedKey] = $"{Count(obj.Count - MaxItems)} more fields cut";
                }
                return cleanObject;
            case JsonArray array:
                var cleanArray = new JsonArray();
                foreach (var item in array.Take(MaxItems))
                {
                    cleanArray.Add(Clean(item?.DeepClone(), depth + 1));
                }
                if (array.Count > MaxItems)
                {
                    cleanArray.Add(JsonValue.Create($"{TruncatedKey} {Count(array.Count - MaxItems)} more items cut"));
                }
                return cleanArray;
            case JsonValue value when value.TryGetValue<string>(out var text):
                return JsonValue.Create(Bound(Redaction.Apply(text)));
            default:
                return node;
        }
    }

    private static string Bound(string text) => text.Length <= MaxString
        ? text
        : $"{text[..MaxString]}… {TruncatedKey} ({Count(text.Length)} characters, {Count(text.Length - MaxString)} cut)";

    private static string Count(int n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
