using System.Text.Json;
using System.Text.Json.Nodes;
using BackupRestore.Dashboard.Features.Data;
using BackupRestore.Dashboard.Vendors;
using Microsoft.EntityFrameworkCore;

namespace BackupRestore.Dashboard.Features.Audit;

/// <summary>Who acted: the signed-in user or token, its role, and the client address.</summary>
public sealed record ActionActor(string UserName, string Role, string? ClientAddress)
{
    public static ActionActor System { get; } = new("system", "system", null);
}

/// <summary>What an action was aimed at.</summary>
public sealed record AuditSubject(string Target, string? OperationId, string? BackupId);

public static class AuditOutcomes
{
    public const string Pending = "pending";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Refused = "refused";
    public const string Unknown = "unknown";

    public static IReadOnlyList<string> All { get; } = [Pending, Succeeded, Failed, Refused, Unknown];
}

public sealed record AuditQuery(string? User = null, string? Target = null, string? Action = null, string? Outcome = null,
    DateTimeOffset? From = null, DateTimeOffset? To = null, string? OperationId = null, int Limit = 1000);

/// <summary>
/// Every action attempt, written before the backend is called and completed afterwards. An attempt a crash left
/// pending is marked <c>unknown</c> at the next start: never dropped, never guessed.
/// </summary>
internal sealed class AuditLog(IDbContextFactory<DashboardDb> databases, TimeProvider time) : IStartupRecovery
{
    public async Task<long> BeginAsync(ActionActor actor, AuditSubject subject, ActionInput input, string? submissionKey, CancellationToken cancellationToken)
    {
        var row = new AuditRow
        {
            At = time.GetUtcNow().ToUnixTimeMilliseconds(), UserName = actor.UserName, Role = actor.Role, ClientAddress = actor.ClientAddress,
            Target = subject.Target, OperationId = subject.OperationId, BackupId = subject.BackupId, Action = input.Action,
            Parameters = ParametersOf(input), Outcome = AuditOutcomes.Pending, SubmissionKey = submissionKey,
        };
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        db.Audit.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        return row.Id;
    }

    public async Task CompleteAsync(long id, string outcome, string? detail, VendorError? vendorError, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await db.Audit.Where(a => a.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(a => a.Outcome, outcome)
            .SetProperty(a => a.Detail, detail)
            .SetProperty(a => a.VendorError, vendorError == null ? null : JsonSerializer.Serialize(vendorError, AuditJson.Default.VendorError))
            .SetProperty(a => a.CompletedAt, time.GetUtcNow().ToUnixTimeMilliseconds()), cancellationToken);
    }

    public async Task RecoverAsync(CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await db.Audit.Where(a => a.Outcome == AuditOutcomes.Pending).ExecuteUpdateAsync(s => s
            .SetProperty(a => a.Outcome, AuditOutcomes.Unknown)
            .SetProperty(a => a.Detail, "The dashboard stopped before this action's outcome was known. Check the target's state.")
            .SetProperty(a => a.CompletedAt, time.GetUtcNow().ToUnixTimeMilliseconds()), cancellationToken);
    }

    public async Task<IReadOnlyList<AuditRow>> QueryAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await Filter(db.Audit.AsNoTracking(), query).OrderByDescending(a => a.Id).Take(Math.Clamp(query.Limit, 1, 10_000)).ToListAsync(cancellationToken);
    }

    /// <summary>One page of the entries matching <paramref name="query"/>, newest first, and how many match in all.</summary>
    public async Task<(IReadOnlyList<AuditRow> Rows, int Total)> PageAsync(AuditQuery query, int skip, int take, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var rows = Filter(db.Audit.AsNoTracking(), query);
        var total = await rows.CountAsync(cancellationToken);
        var page = await rows.OrderByDescending(a => a.Id).Skip(Math.Max(skip, 0)).Take(Math.Clamp(take, 1, 1000)).ToListAsync(cancellationToken);
        return (page, total);
    }

    private static IQueryable<AuditRow> Filter(IQueryable<AuditRow> rows, AuditQuery query)
    {
        if (!string.IsNullOrWhiteSpace(query.User))
        {
            rows = rows.Where(a => a.UserName == query.User);
        }
        if (!string.IsNullOrWhiteSpace(query.Target))
        {
            rows = rows.Where(a => a.Target == query.Target);
        }
        if (!string.IsNullOrWhiteSpace(query.Action))
        {
            rows = rows.Where(a => a.Action == query.Action);
        }
        if (!string.IsNullOrWhiteSpace(query.Outcome))
        {
            rows = rows.Where(a => a.Outcome == query.Outcome);
        }
        if (!string.IsNullOrWhiteSpace(query.OperationId))
        {
            rows = rows.Where(a => a.OperationId == query.OperationId);
        }
        if (query.From is { } from)
        {
            var ms = from.ToUnixTimeMilliseconds();
            rows = rows.Where(a => a.At >= ms);
        }
        if (query.To is { } to)
        {
            var ms = to.ToUnixTimeMilliseconds();
            rows = rows.Where(a => a.At <= ms);
        }
        return rows;
    }

    /// <summary>The input as JSON with every secret-looking field removed (passwords never reach the database).</summary>
    public static string ParametersOf(ActionInput input)
    {
        JsonNode? node = input.Json is { } json ? JsonNode.Parse(json.GetRawText()) : new JsonObject(input.Fields
            .Where(f => f.Key is not ("v" or "returnUrl"))
            .Select(f => KeyValuePair.Create(f.Key, (JsonNode?)(f.Value.Length == 1 ? JsonValue.Create(f.Value[0]) : new JsonArray(f.Value.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray())))));
        Scrub(node);
        return node?.ToJsonString() ?? "{}";
    }

    private static void Scrub(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).ToList())
                {
                    if (IsSecret(key))
                    {
                        obj[key] = "[removed]";
                    }
                    else
                    {
                        Scrub(obj[key]);
                    }
                }
                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Scrub(item);
                }
                break;
        }
    }

    public static bool IsSecret(string key) => ActionInput.IsSecret(key)
        || key.Contains("secret", StringComparison.OrdinalIgnoreCase) || key.Contains("token", StringComparison.OrdinalIgnoreCase);
}

[System.Text.Json.Serialization.JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[System.Text.Json.Serialization.JsonSerializable(typeof(VendorError))]
internal sealed partial class AuditJson : System.Text.Json.Serialization.JsonSerializerContext;
