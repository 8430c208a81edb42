using System.Globalization;
using BackupRestore.Dashboard.Features.Audit;
using BackupRestore.Dashboard.Features.Data;
using BackupRestore.Dashboard.Vendors;
using Microsoft.EntityFrameworkCore;

namespace BackupRestore.Dashboard.Features.Notifications;

public enum ResendResult
{
    Resent,
    NotFound,
    NotDead,

    /// <summary>The one asking may no longer do it (a page opened before their access changed).</summary>
    NotAllowed,
}

/// <summary>What a re-send came to, and the delivery as it is now.</summary>
public sealed record ResendOutcome(ResendResult Result, WebhookDeliveryRow? Delivery, string Message);

/// <summary>The outbox for pages and the API: recent deliveries, counts per status, and re-sending a dead letter.</summary>
internal sealed class NotificationLog(IDbContextFactory<DashboardDb> databases, WebhookDispatcher dispatcher, AuditLog audit)
{
    /// <summary>At most this many deliveries are listed (newest first): the outbox grows with time.</summary>
    public const int Shown = 200;

    public static IReadOnlyList<string> Statuses { get; } = ["pending", "delivered", "dead"];

    public async Task<IReadOnlyList<WebhookDeliveryRow>> RecentAsync(string? status, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var rows = db.WebhookDeliveries.AsNoTracking();
        if (!string.IsNullOrEmpty(status))
        {
            rows = rows.Where(d => d.Status == status);
        }
        return await rows.OrderByDescending(d => d.Id).Take(Shown).ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyDictionary<string, int>> CountsAsync(CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.WebhookDeliveries.GroupBy(d => d.Status).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
    }

    /// <summary>
    /// Sends a dead letter again (the dispatcher posts it at its next tick, with its full retry budget). On the audit
    /// trail like any action: who re-sent which delivery, and whether it went back into the outbox.
    /// </summary>
    public async Task<ResendOutcome> ResendAsync(ActionActor actor, long id)
    {
        var before = await FindAsync(id);
        var subject = new AuditSubject(before is null ? "webhook" : $"webhook:{before.Rule}", before?.OperationId, null);
        var fields = new Dictionary<string, string[]> { ["delivery"] = [id.ToString(CultureInfo.InvariantCulture)] };
        if (before is not null)
        {
            fields["destination"] = [WebhookDelivery.Mask(before.Url)];
            fields["transition"] = [before.Transition];
        }
        var auditId = await audit.BeginAsync(actor, subject, new ActionInput("notification.resend", null, fields), null, CancellationToken.None);
        ResendOutcome outcome;
        if (before is null)
        {
            outcome = new ResendOutcome(ResendResult.NotFound, null, $"There is no delivery #{id}.");
        }
        else if (await dispatcher.RequeueDeadAsync(id, CancellationToken.None))
        {
            outcome = new ResendOutcome(ResendResult.Resent, await FindAsync(id), $"Delivery #{id} ({before.Rule}) is back in the outbox: it is sent again within a few seconds.");
        }
        else
        {
            var now = await FindAsync(id) ?? before;
            outcome = new ResendOutcome(ResendResult.NotDead, now, $"Delivery #{id} is {now.Status}, not a dead letter: only dead letters are re-sent.");
        }
        await audit.CompleteAsync(auditId, outcome.Result == ResendResult.Resent ? AuditOutcomes.Succeeded : AuditOutcomes.Refused,
            outcome.Message, null, CancellationToken.None);
        return outcome;
    }

    private async Task<WebhookDeliveryRow?> FindAsync(long id)
    {
        await using var db = await databases.CreateDbContextAsync();
        return await db.WebhookDeliveries.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id);
    }
}
