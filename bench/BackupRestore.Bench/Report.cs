using System.Globalization;
using System.Text;
using System.Text.Json;

namespace BackupRestore.Bench;

/// <summary>One measured figure: what, the value, the goal, and whether the goal was met (null: no goal in this mode).</summary>
internal sealed record Row(string Number, string Figure, string Value, string Goal, bool? Met);

internal static class Report
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static string Markdown(IEnumerable<Row> rows, string machine, bool shortMode)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Machine: {machine}{(shortMode ? " (short mode: small counts, goals not enforced)" : "")}");
        text.AppendLine();
        text.AppendLine("| # | Figure | Measured | Goal | Met |");
        text.AppendLine("|---|---|---|---|---|");
        foreach (var row in rows)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {row.Number} | {row.Figure} | {row.Value} | {row.Goal} | {row.Met switch { true => "yes", false => "**no**", null => "–" }} |");
        }
        return text.ToString();
    }

    public static async Task WriteJsonAsync(string path, IEnumerable<Row> rows, string machine, bool shortMode)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(new { machine, shortMode, at = DateTimeOffset.UtcNow, rows }, JsonOptions));
    }

    public static string Machine()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':')[1].Trim()
            : null;
        return $"{Environment.ProcessorCount} cores ({cpu ?? "unknown CPU"}), {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}";
    }

    public static double Percentile(IReadOnlyList<double> values, double p)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }
        var sorted = values.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    public static string Ms(double value) => value.ToString("0.0", CultureInfo.InvariantCulture) + " ms";

    public static string MiB(double bytes) => (bytes / 1024 / 1024).ToString("0.0", CultureInfo.InvariantCulture) + " MiB";

    public static string KiB(double bytes) => (bytes / 1024).ToString("0.0", CultureInfo.InvariantCulture) + " KiB";
}
