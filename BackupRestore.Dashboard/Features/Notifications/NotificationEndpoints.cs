using System.Text.Json;
using System.Text.Json.Serialization;
using BackupRestore.Dashboard.Features.Auth;
using BackupRestore.Dashboard.Features.Data;
using Microsoft.EntityFrameworkCore;

namespace BackupRestore.Dashboard.Features.Notifications;

/// <summary>A delivery as the API shows it; the URL is cut to its host (webhook paths often are the secret).</summary>
public sealed record WebhookDelivery(long Id, string Rule, string Destination, string OperationId, string Transition, string Status,
    int Attempts, DateTimeOffset CreatedAt, DateTimeOffset? DeliveredAt, DateTimeOffset NextAttemptAt, string? LastError)
{
    public static WebhookDelivery From(WebhookDeliveryRow row) => new(row.Id, row.Rule, Mask(row.Url), row.OperationId, row.Transition, row.Status,
        row.Attempts, DateTimeOffset.FromUnixTimeMilliseconds(row.CreatedAt), row.DeliveredAt is { } d ? DateTimeOffset.FromUnixTimeMilliseconds(d) : null,
        DateTimeOffset.FromUnixTimeMilliseconds(row.NextAttemptAt), row.LastError);

    public static string Mask(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? $"{uri.Scheme}://{uri.Authority}/…" : "…";
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(IReadOnlyList<WebhookDelivery>))]
internal sealed partial class DeliveryJson : JsonSerializerContext;

internal static class NotificationEndpoints
{
    public static IEndpointRouteBuilder MapNotifications(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/notifications", async (string? status, NotificationLog log, CancellationToken cancellationToken) =>
                TypedResults.Json<IReadOnlyList<WebhookDelivery>>((await log.RecentAsync(status, cancellationToken)).Select(WebhookDelivery.From).ToList(),
                    DeliveryJson.Default.IReadOnlyListWebhookDelivery))
            .RequireAuthorization(Policies.Operate);
        return app;
    }
}

/// <summary>Reads the outbox: recent deliveries, dead letters first when asked.</summary>
internal sealed class NotificationLog(IDbContextFactory<DashboardDb> databases)
{
    public async Task<IReadOnlyList<WebhookDeliveryRow>> RecentAsync(string? status, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var rows = db.WebhookDeliveries.AsNoTracking();
        if (!string.IsNullOrEmpty(status))
        {
            rows = rows.Where(d => d.Status == status);
        }
        return await rows.OrderByDescending(d => d.Id).Take(200).ToListAsync(cancellationToken);
    }
}
