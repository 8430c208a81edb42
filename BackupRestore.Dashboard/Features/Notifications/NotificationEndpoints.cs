using System.Text.Json;
using System.Text.Json.Serialization;
using BackupRestore.Dashboard.Features.Auth;
using BackupRestore.Dashboard.Features.Observability;
using BackupRestore.Dashboard.Features.Data;

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
[JsonSerializable(typeof(WebhookDelivery))]
[JsonSerializable(typeof(IReadOnlyList<WebhookDelivery>))]
internal sealed partial class DeliveryJson : JsonSerializerContext;

internal static class NotificationEndpoints
{
    public static IEndpointRouteBuilder MapNotifications(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/notifications").RequireAuthorization(Policies.Operate).DisableAntiforgery().WithTags("Notifications");
        api.MapGet("/", async (string? status, NotificationLog log, CancellationToken cancellationToken) =>
            TypedResults.Json<IReadOnlyList<WebhookDelivery>>((await log.RecentAsync(status, cancellationToken)).Select(WebhookDelivery.From).ToList(),
                DeliveryJson.Default.IReadOnlyListWebhookDelivery)).Produces<IReadOnlyList<WebhookDelivery>>();
        api.MapPost("/{id:long}/resend", ResendAsync).ReadsNoBody().Produces<WebhookDelivery>().ProducesApiErrors(404, 409);
        return app;
    }

    /// <summary>A dead letter back into the outbox: 200 with the delivery, 404 unknown, 409 when it is not a dead letter.</summary>
    private static async Task<IResult> ResendAsync(long id, HttpContext context, NotificationLog log)
    {
        var outcome = await log.ResendAsync(Actions.ActionActors.Of(context), id);
        return outcome.Result == ResendResult.Resent
            ? Results.Json(WebhookDelivery.From(outcome.Delivery!), DeliveryJson.Default.WebhookDelivery)
            : Results.Json(new Operations.ApiError(outcome.Message), Operations.DashboardJsonContext.Default.ApiError,
                statusCode: outcome.Result == ResendResult.NotFound ? StatusCodes.Status404NotFound : StatusCodes.Status409Conflict);
    }
}
