using System.Text.Json;
using BackupRestore.Dashboard.Features.Data;
using BackupRestore.Dashboard.Features.Hosting;
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
internal sealed class AuditLog(
    IDbContextFactory<DashboardDb> databases,
    Microsoft.Extensions.Options.IOptions<ScaleOut.InstanceOptions> instance,
    Microsoft.Extensions.Options.IOptions<ScaleOut.ScaleOutOptions> scaleOut,
    TimeProvider time) : IStartupRecovery
{
    public async Task<long> BeginAsync(ActionActor actor, AuditSubject subject, ActionInput input, string? submissionKey, CancellationToken cancellationToken)
    {
        var row = new AuditRow
        {
            At = time.GetUtcNow().ToUnixTimeMilliseconds(), UserName = actor.UserName, Role = actor.Role, ClientAddress = actor.ClientAddress,
            Target = subject.Target, OperationId = subject.OperationId, BackupId = subject.BackupId, Action = input.Action,
            Parameters = AuditParameters.Of(input), Outcome = AuditOutcomes.Pending, SubmissionKey = submissionKey,
            Instance = instance.Value.Id,
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
            .SetProperty(a => a.Detail, Redaction.ApplyOrNull(detail))
            .SetProperty(a => a.VendorError, vendorError == null ? null : Redaction.Apply(JsonSerializer.Serialize(vendorError, AuditJson.Default.VendorError)))
            .SetProperty(a => a.CompletedAt, time.GetUtcNow().ToUnixTimeMilliseconds()), cancellationToken);
    }

    /// <summary>
    /// Closes the attempts left pending by a stop. On PostgreSQL only those of instances that are not alive (no
    /// heartbeat within a lease) or of this instance's id: the others' pending attempts are still running.
    /// </summary>
    public async Task RecoverAsync(CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var pending = db.Audit.Where(a => a.Outcome == AuditOutcomes.Pending);
        if (db.Database.IsNpgsql())
        {
            var me = instance.Value.Id;
            var lease = scaleOut.Value.LeaseDuration;
            var live = db.Database.SqlQuery<string>($"""SELECT "Id" AS "Value" FROM instances WHERE "SeenAt" > now() - {lease} AND "Id" <> {me}""");
            pending = pending.Where(a => a.Instance == null || !live.Contains(a.Instance));
        }
        await pending.ExecuteUpdateAsync(s => s
            .SetProperty(a => a.Outcome, AuditOutcomes.Unknown)
            .SetProperty(a => a.Detail, "The dashboard stopped before this action's outcome was known. Check the target's state.")
            .SetProperty(a => a.CompletedAt, time.GetUtcNow().ToUnixTimeMilliseconds()), cancellationToken);
    }

    /// <summary>The newest <see cref="AuditQuery.Limit"/> entries that match (the CSV export).</summary>
    public async Task<IReadOnlyList<AuditRow>> QueryAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await Filter(db, query).OrderByDescending(a => a.Id).Take(Math.Clamp(query.Limit, 1, 10_000)).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// One page of the matching entries, newest first, and how many match in all: what a paged grid needs
    /// (<paramref name="skip"/> = page × size). <paramref name="take"/> is clamped to 1..<see cref="AuditPageResult.MaxTake"/>.
    /// </summary>
    public async Task<AuditPageResult> PageAsync(AuditQuery query, int skip, int take, CancellationToken cancellationToken)
    {
        skip = Math.Max(0, skip);
        take = Math.Clamp(take, 1, AuditPageResult.MaxTake);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var rows = Filter(db, query);
        var total = await rows.CountAsync(cancellationToken);
        var page = await rows.OrderByDescending(a => a.Id).Skip(skip).Take(take).ToListAsync(cancellationToken);
        return new AuditPageResult(page, total, skip, take);
    }

    private static IQueryable<AuditRow> Filter(DashboardDb db, AuditQuery query)
    {
        var rows = db.Audit.AsNoTracking();
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
}

/// <summary>A page of audit entries, newest first; <see cref="Total"/> counts every match.</summary>
public sealed record AuditPageResult(IReadOnlyList<AuditRow> Rows, int Total, int Skip, int Take)
{
    public const int DefaultTake = 100;
    public const int MaxTake = 1000;

    /// <summary>Where the next page starts, or null on the last page.</summary>
    public int? NextSkip => Skip + Rows.Count < Total ? Skip + Rows.Count : null;
}

[System.Text.Json.Serialization.JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[System.Text.Json.Serialization.JsonSerializable(typeof(VendorError))]
internal sealed partial class AuditJson : System.Text.Json.Serialization.JsonSerializerContext;
