using System.Text.Json;
using System.Text.Json.Nodes;

namespace BackupRestore.Simulator;

/// <summary>Writes vendor JSON, bending it the way a target's <see cref="WireQuirks"/> ask.</summary>
internal static class SimJson
{
    public static JsonSerializerOptions SnakeCase { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    public static JsonSerializerOptions CamelCase { get; } = new(JsonSerializerDefaults.Web);

    public static IResult Write<T>(HttpContext context, T value, JsonSerializerOptions options, int status = 200)
    {
        var quirks = context.SimTarget()?.Quirks ?? new WireQuirks();
        if (!quirks.NumbersAsStrings && !quirks.UnknownFields && quirks.Payload is null && !quirks.DuplicateKeys)
        {
            return Results.Json(value, options, statusCode: status);
        }
        var node = JsonSerializer.SerializeToNode(value, options);
        node = Bend(node, quirks);
        return Results.Text(quirks.DuplicateKeys ? WithDuplicates(node) : node?.ToJsonString() ?? "null", "application/json", statusCode: status);
    }

    /// <summary>Each member twice: first a stale value of the same kind ("stale", 0, false, {}, []), then the real one.</summary>
    private static string WithDuplicates(JsonNode? node)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true }))
        {
            Write(writer, node);
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());

        static void Write(Utf8JsonWriter writer, JsonNode? node)
        {
            switch (node)
            {
                case JsonObject obj:
                    writer.WriteStartObject();
                    foreach (var (key, value) in obj)
                    {
                        writer.WritePropertyName(key);
                        WriteStale(writer, value);
                        writer.WritePropertyName(key);
                        Write(writer, value);
                    }
                    writer.WriteEndObject();
                    break;
                case JsonArray array:
                    writer.WriteStartArray();
                    foreach (var item in array)
                    {
                        Write(writer, item);
                    }
                    writer.WriteEndArray();
                    break;
                case null:
                    writer.WriteNullValue();
                    break;
                default:
                    node.WriteTo(writer);
                    break;
            }
        }

        static void WriteStale(Utf8JsonWriter writer, JsonNode? node)
        {
            switch (node?.GetValueKind())
            {
                case JsonValueKind.Object:
                    writer.WriteStartObject();
                    writer.WriteEndObject();
                    break;
                case JsonValueKind.Array:
                    writer.WriteStartArray();
                    writer.WriteEndArray();
                    break;
                case JsonValueKind.String:
                    // A number sent as a string stays one: "0", not a word.
                    writer.WriteStringValue(double.TryParse(node!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture, out _) ? "0" : "stale");
                    break;
                case JsonValueKind.Number:
                    writer.WriteNumberValue(0);
                    break;
                case JsonValueKind.True or JsonValueKind.False:
                    writer.WriteBooleanValue(false);
                    break;
                default:
                    writer.WriteNullValue();
                    break;
            }
        }
    }

    private static readonly HashSet<string> FreeText =
    [
        "name", "description", "display_name", "error_message", "default_message", "reason", "error_msg", "message", "backup_name",
        "backupName", "resource_name", "instance_name", "target_resource_name", "comment",
    ];

    /// <summary>Text a person reads; NSX instruction "actions" too (but not GeminiDB's instance actions, which are codes).</summary>
    private static bool IsFreeText(JsonObject owner, string key) =>
        FreeText.Contains(key) || (key == "actions" && owner.ContainsKey("fields"));

    private static JsonNode? WithPayload(JsonNode? node, string payload) => node switch
    {
        JsonValue value when value.GetValueKind() == JsonValueKind.String => JsonValue.Create(value.GetValue<string>() + payload),
        JsonArray array => new JsonArray(array.Select(item => WithPayload(item?.DeepClone(), payload)).ToArray()),
        _ => node?.DeepClone(),
    };

    private static JsonNode? Bend(JsonNode? node, WireQuirks quirks)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).ToList())
                {
                    obj[key] = quirks.Payload is { } payload && IsFreeText(obj, key) ? WithPayload(obj[key], payload) : Bend(obj[key]?.DeepClone(), quirks);
                }
                if (quirks.UnknownFields)
                {
                    obj["_vendor_extension"] = new JsonObject { ["build"] = "4.2.1.0.0.24304122", ["flags"] = new JsonArray(1, "x") };
                }
                return obj;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    array[i] = Bend(array[i]?.DeepClone(), quirks);
                }
                return array;
            case JsonValue value when quirks.NumbersAsStrings && value.GetValueKind() == JsonValueKind.Number:
                return JsonValue.Create(value.ToJsonString());
            default:
                return node;
        }
    }
}
