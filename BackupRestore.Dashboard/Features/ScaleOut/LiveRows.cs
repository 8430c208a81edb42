using System.Text.Json;
using BackupRestore.Dashboard.Features.Operations;
using BackupRestore.Dashboard.Features.Targets;
using BackupRestore.Dashboard.Vendors.GeminiDb;
using BackupRestore.Dashboard.Vendors.Nsx;
using BackupRestore.Dashboard.Vendors.Vcenter;

namespace BackupRestore.Dashboard.Features.ScaleOut;

/// <summary>What the lease holder of a target writes for the other instances: all its operations now, and its health (null: unchanged).</summary>
/// <summary>One target's write; <see cref="Operations"/> null when only its health (poll times) is shared.</summary>
internal sealed record LiveTargetWrite(string Target, IReadOnlyList<OperationEntry>? Operations, TargetHealth? Health);

/// <summary>A target named in a notification: its version after the write, and whether only its health changed.</summary>
internal readonly record struct LiveNotice(string Target, long Version, bool HealthOnly);

/// <summary>A target's shared state as read back: its version (grows with every write), health and operations.</summary>
internal sealed record LiveTargetRead(string Target, long Version, string Writer, TargetHealth? Health, IReadOnlyList<OperationEntry> Operations);

/// <summary>
/// One operation as a row of <c>live_operations</c>: the API's JSON, the poller's fingerprint (so the next lease
/// holder compares its first poll with what was seen, and writes no history for what did not change), and the
/// card details, which the API's JSON leaves out.
/// </summary>
internal static class LiveRows
{
    /// <summary>Card details a row may name: only these types are ever created from the database.</summary>
    private static readonly Dictionary<string, Type> DetailTypes = new[] { typeof(NsxCardDetails), typeof(VcCardDetails), typeof(GdbCardDetails) }
        .ToDictionary(t => t.Name, StringComparer.Ordinal);

    private static readonly JsonSerializerOptions DetailOptions = new(JsonSerializerDefaults.Web);

    public static string OperationJson(Operation operation) => JsonSerializer.Serialize(operation, DashboardJsonContext.Default.Operation);

    public static (string? Type, string? Json) DetailsOf(Operation operation) =>
        operation.Details is { } details && DetailTypes.ContainsKey(details.GetType().Name)
            ? (details.GetType().Name, JsonSerializer.Serialize(details, details.GetType(), DetailOptions))
            : (null, null);

    public static OperationEntry? Entry(string json, string fingerprint, long? finishedAt, string? detailsType, string? details)
    {
        if (JsonSerializer.Deserialize(json, DashboardJsonContext.Default.Operation) is not { } operation)
        {
            return null;
        }
        if (detailsType is not null && details is not null && DetailTypes.TryGetValue(detailsType, out var type))
        {
            operation = operation with { Details = JsonSerializer.Deserialize(details, type, DetailOptions) };
        }
        return new OperationEntry(operation, operation.Version, fingerprint, finishedAt is { } f ? DateTimeOffset.FromUnixTimeMilliseconds(f) : null);
    }

    public static string HealthJson(TargetHealth health) => JsonSerializer.Serialize(health, DashboardJsonContext.Default.TargetHealth);

    public static TargetHealth? Health(string? json) => json is null ? null : JsonSerializer.Deserialize(json, DashboardJsonContext.Default.TargetHealth);

    /// <summary>
    /// NOTIFY payloads for what one transaction wrote: the writer, then one "version TAB target" line per target
    /// ("h" before the version when only its health changed: a listener then reads the health alone), cut into pieces
    /// under <see cref="MaxPayloadBytes"/> (PostgreSQL refuses 8,000 bytes and more).
    /// </summary>
    public static IEnumerable<string> Payloads(string writer, IEnumerable<LiveNotice> written)
    {
        var payload = new System.Text.StringBuilder(writer);
        var bytes = System.Text.Encoding.UTF8.GetByteCount(writer);
        var lines = 0;
        foreach (var (target, version, healthOnly) in written)
        {
            var line = $"\n{(healthOnly ? "h" : "")}{version.ToString(System.Globalization.CultureInfo.InvariantCulture)}\t{target}";
            var size = System.Text.Encoding.UTF8.GetByteCount(line);
            if (lines > 0 && bytes + size > MaxPayloadBytes)
            {
                yield return payload.ToString();
                payload.Clear().Append(writer);
                bytes = System.Text.Encoding.UTF8.GetByteCount(writer);
                lines = 0;
            }
            payload.Append(line);
            bytes += size;
            lines++;
        }
        if (lines > 0)
        {
            yield return payload.ToString();
        }
    }

    public const int MaxPayloadBytes = 7_000;

    /// <summary>Reads a payload back: who wrote, and each target with its version (malformed lines are skipped).</summary>
    public static (string Writer, List<LiveNotice> Targets) Parse(string payload)
    {
        var lines = payload.Split('\n');
        var targets = new List<LiveNotice>();
        foreach (var line in lines.Skip(1))
        {
            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            var healthOnly = line.StartsWith('h');
            var start = healthOnly ? 1 : 0;
            if (tab > start && long.TryParse(line.AsSpan(start, tab - start), System.Globalization.CultureInfo.InvariantCulture, out var version))
            {
                targets.Add(new LiveNotice(line[(tab + 1)..], version, healthOnly));
            }
        }
        return (lines[0], targets);
    }
}
