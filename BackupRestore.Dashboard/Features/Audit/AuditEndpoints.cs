using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using BackupRestore.Dashboard.Features.Auth;
using BackupRestore.Dashboard.Features.Data;

namespace BackupRestore.Dashboard.Features.Audit;

/// <summary>An audit entry as the API returns it.</summary>
public sealed record AuditEntry(
    long Id, DateTimeOffset At, string User, string Role, string? ClientAddress, string Target, string? OperationId, string? BackupId,
    string Action, JsonElement Parameters, string Outcome, string? Detail, JsonElement? VendorError, DateTimeOffset? CompletedAt)
{
    public static AuditEntry From(AuditRow row) => new(
        row.Id, DateTimeOffset.FromUnixTimeMilliseconds(row.At), row.UserName, row.Role, row.ClientAddress, row.Target, row.OperationId, row.BackupId,
        row.Action, JsonDocument.Parse(row.Parameters).RootElement.Clone(), row.Outcome, row.Detail,
        row.VendorError is null ? null : JsonDocument.Parse(row.VendorError).RootElement.Clone(),
        row.CompletedAt is { } done ? DateTimeOffset.FromUnixTimeMilliseconds(done) : null);
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(IReadOnlyList<AuditEntry>))]
internal sealed partial class AuditApiJson : JsonSerializerContext;

/// <summary><c>GET /api/audit</c> (paged) and <c>GET /audit.csv</c> (newest 10,000), with the page's filters; for operators and admins.</summary>
internal static class AuditEndpoints
{
    public static IEndpointRouteBuilder MapAudit(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/audit", PageAsync).RequireAuthorization(Policies.Operate).WithTags("Audit").Produces<IReadOnlyList<AuditEntry>>();
        app.MapGet("/audit.csv", async (HttpRequest request, AuditLog audit) =>
                Results.File(Encoding.UTF8.GetBytes(Csv(await audit.QueryAsync(QueryOf(request) with { Limit = 10_000 }, request.HttpContext.RequestAborted))),
                    "text/csv; charset=utf-8", "audit.csv"))
            .RequireAuthorization(Policies.Operate);
        return app;
    }

    /// <summary>
    /// <c>GET /api/audit[?skip=0&amp;take=100&amp;user=…]</c>: one page, newest first, as a JSON array (as before paging);
    /// <c>X-Total-Count</c> says how many match, and <c>Link: &lt;…&gt;; rel="next"</c> gives the next page while there is one.
    /// </summary>
    private static async Task<IResult> PageAsync(HttpRequest request, AuditLog audit)
    {
        var skip = int.TryParse(request.Query["skip"], NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 0;
        var take = int.TryParse(request.Query["take"], NumberStyles.None, CultureInfo.InvariantCulture, out var t) ? t : AuditPageResult.DefaultTake;
        var page = await audit.PageAsync(QueryOf(request), skip, take, request.HttpContext.RequestAborted);
        request.HttpContext.Response.Headers["X-Total-Count"] = page.Total.ToString(CultureInfo.InvariantCulture);
        if (page.NextSkip is { } next)
        {
            var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(request.QueryString.Value)
                .Where(q => q.Key is not ("skip" or "take"))
                .ToDictionary(q => q.Key, q => (string?)q.Value.ToString());
            query["skip"] = next.ToString(CultureInfo.InvariantCulture);
            query["take"] = page.Take.ToString(CultureInfo.InvariantCulture);
            request.HttpContext.Response.Headers.Link = $"<{Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/api/audit", query)}>; rel=\"next\"";
        }
        return TypedResults.Json<IReadOnlyList<AuditEntry>>(page.Rows.Select(AuditEntry.From).ToList(), AuditApiJson.Default.IReadOnlyListAuditEntry);
    }

    public static AuditQuery QueryOf(HttpRequest request)
    {
        string? Text(string key) => request.Query[key].ToString() is { Length: > 0 } value ? value : null;
        DateTimeOffset? Time(string key) => DateTimeOffset.TryParse(Text(key), CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at) ? at : null;
        return new AuditQuery(Text("user"), Text("target"), Text("action"), Text("outcome"), Time("from"), Time("to"), Text("operation"));
    }

    private static string Csv(IReadOnlyList<AuditRow> rows)
    {
        var csv = new StringBuilder("id,at,user,role,client_address,target,operation,backup,action,parameters,outcome,detail,vendor_error,completed_at\r\n");
        foreach (var r in rows)
        {
            string?[] cells =
            [
                r.Id.ToString(CultureInfo.InvariantCulture), Iso(r.At), r.UserName, r.Role, r.ClientAddress, r.Target, r.OperationId, r.BackupId,
                r.Action, r.Parameters, r.Outcome, r.Detail, r.VendorError, r.CompletedAt is { } c ? Iso(c) : null,
            ];
            csv.AppendJoin(',', cells.Select(Cell)).Append("\r\n");
        }
        return csv.ToString();
    }

    private static string Iso(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    /// <summary>RFC 4180 quoting, and no cell that a spreadsheet would run as a formula (vendor text can start with '=').</summary>
    private static string Cell(string? value)
    {
        var text = value ?? "";
        if (text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            text = "'" + text;
        }
        return text.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }
}
