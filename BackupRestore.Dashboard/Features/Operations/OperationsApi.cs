using System.Text.Json;
using BackupRestore.Dashboard.Features.Actions;
using BackupRestore.Dashboard.Vendors;

namespace BackupRestore.Dashboard.Features.Operations;

/// <summary>The JSON API over operations: list, one, and actions (200 / 400 / 404 / 409 / 502).</summary>
internal static class OperationsApi
{
    public static IEndpointRouteBuilder MapOperationsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/operations").DisableAntiforgery();
        api.MapGet("/", (OperationStore store) =>
            TypedResults.Json(store.Ordered().Select(e => e.Operation).ToList(), DashboardJsonContext.Default.IReadOnlyListOperation));
        api.MapGet("/{id}", (string id, OperationStore store) => store.Find(id) is { } entry
            ? Results.Json(entry.Operation, DashboardJsonContext.Default.Operation)
            : NotFound(id));
        api.MapPost("/{id}/actions/{action}", PerformAsync);
        return app;
    }

    private static async Task<IResult> PerformAsync(string id, string action, HttpRequest request, ActionService actions)
    {
        JsonElement? body = null;
        if (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            try
            {
                using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
                body = document.RootElement.Clone();
            }
            catch (JsonException e)
            {
                return Results.Json(new ApiError($"The request body is not valid JSON: {e.Message}"), DashboardJsonContext.Default.ApiError, statusCode: 400);
            }
        }
        var key = request.Headers["Idempotency-Key"].ToString() is { Length: > 0 } k ? "api:" + k : null;
        var (outcome, _) = await actions.ExecuteAsync(id, new ActionInput(action.ToLowerInvariant(), body, new Dictionary<string, string[]>()), key);
        return outcome.Kind == ActionResultKind.Succeeded && outcome.Operation is { } operation
            ? Results.Json(operation, DashboardJsonContext.Default.Operation)
            : Results.Json(new ApiError(outcome.Summary, outcome.VendorError), DashboardJsonContext.Default.ApiError, statusCode: outcome.HttpStatus);
    }

    private static IResult NotFound(string id) =>
        Results.Json(new ApiError($"There is no operation '{id}'."), DashboardJsonContext.Default.ApiError, statusCode: 404);
}
