using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;

namespace BackupRestore.Dashboard.Features.Audit;

/// <summary>
/// The audit page's filters as they live in its URL; the CSV export takes the same query. Days are UTC and whole:
/// "to" includes its whole day, written as the exact instants so that <c>/audit.csv</c> reads them the same way.
/// </summary>
public sealed record AuditFilter(string? User = null, string? Target = null, string? Action = null, string? Outcome = null,
    string? OperationId = null, DateTime? FromDay = null, DateTime? ToDay = null)
{
    public static AuditFilter None { get; } = new();

    public bool IsEmpty => this == None;

    public AuditQuery ToQuery() => new(User, Target, Action, Outcome,
        FromDay is { } from ? new DateTimeOffset(from.Date, TimeSpan.Zero) : null,
        ToDay is { } to ? new DateTimeOffset(to.Date, TimeSpan.Zero).AddDays(1).AddMilliseconds(-1) : null,
        OperationId);

    /// <summary>"?user=…&amp;from=…" with only what is set; empty when nothing is.</summary>
    public string ToQueryString()
    {
        var query = ToQuery();
        var parts = new (string Key, string? Value)[]
        {
            ("user", User), ("target", Target), ("action", Action), ("outcome", Outcome), ("operation", OperationId),
            ("from", query.From?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture)),
            ("to", query.To?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture)),
        }.Where(p => !string.IsNullOrWhiteSpace(p.Value)).Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value!.Trim())}").ToList();
        return parts.Count == 0 ? "" : "?" + string.Join('&', parts);
    }

    public static AuditFilter FromQueryString(string query)
    {
        var values = QueryHelpers.ParseQuery(query);
        string? Text(string key) => values.TryGetValue(key, out var v) && v.ToString() is { Length: > 0 } s ? s.Trim() : null;
        DateTime? Day(string key) => DateTimeOffset.TryParse(Text(key), CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at) ? at.UtcDateTime.Date : null;
        var outcome = Text("outcome");
        return new AuditFilter(Text("user"), Text("target"), Text("action"),
            outcome is not null && AuditOutcomes.All.Contains(outcome) ? outcome : null, Text("operation"), Day("from"), Day("to"));
    }
}
