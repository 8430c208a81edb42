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
        if (!quirks.NumbersAsStrings && !quirks.UnknownFields)
        {
            return Results.Json(value, options, statusCode: status);
        }
        var node = JsonSerializer.SerializeToNode(value, options);
        node = Bend(node, quirks);
        return Results.Text(node?.ToJsonString() ?? "null", "application/json", statusCode: status);
    }

    private static JsonNode? Bend(JsonNode? node, WireQuirks quirks)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).ToList())
                {
                    obj[key] = Bend(obj[key]?.DeepClone(), quirks);
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
