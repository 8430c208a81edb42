using System.Text.Json;
using BackupRestore.Dashboard.Features.Actions;
using BackupRestore.Dashboard.Features.Observability;
using BackupRestore.Dashboard.Features.Operations;
using BackupRestore.Dashboard.Features.Polling;
using BackupRestore.Dashboard.Vendors;

namespace BackupRestore.Dashboard.Features.Targets;

/// <summary>
/// <c>/api/targets</c>: health (credentials are not part of <see cref="TargetHealth"/>), backups to restore from,
/// and backup-level and target-level actions (200 / 400 / 404 / 409 / 502 like operation actions).
/// </summary>
internal static class TargetsApi
{
    public static IEndpointRouteBuilder MapTargetsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/targets").DisableAntiforgery().WithTags("Targets");
        var act = api.MapGroup("").RequireAuthorization(Auth.Policies.Operate);
        api.MapGet("/", (TargetHealthBoard health) =>
            TypedResults.Json<IReadOnlyList<TargetHealth>>(health.All.ToList(), DashboardJsonContext.Default.IReadOnlyListTargetHealth)).Produces<IReadOnlyList<TargetHealth>>();
        api.MapGet("/{name}/backups", ListBackupsAsync).Produces<IReadOnlyList<BackupItem>>().ProducesApiErrors(404, 502);
        act.MapPost("/{name}/backups/{id}/actions/{action}", (string name, string id, string action, HttpRequest request, ActionService actions) =>
            PerformAsync(request, action, (input, key) => actions.ExecuteOnBackupAsync(Actions.ActionActors.Of(request.HttpContext), name, id, input, key)))
            .ReadsActionParameters().Produces<ActionResponse>().ProducesApiErrors(400, 404, 409, 502);
        act.MapPost("/{name}/actions/{action}", (string name, string action, HttpRequest request, ActionService actions) =>
            PerformAsync(request, action, (input, key) => actions.ExecuteOnTargetAsync(Actions.ActionActors.Of(request.HttpContext), name, input, key)))
            .ReadsActionParameters().Produces<ActionResponse>().ProducesApiErrors(400, 404, 409, 502);
        return app;
    }

    private static async Task<IResult> ListBackupsAsync(string name, string? status, string? resourceType, string? search, TargetPollers pollers, VendorRegistry vendors, CancellationToken cancellationToken)
    {
        if (pollers.Find(name) is not { } poller)
        {
            return Error(404, new ApiError($"There is no target '{name}'."));
        }
        if (vendors.Get(poller.Target.System) is not IBackupCatalog catalog)
        {
            return TypedResults.Json<IReadOnlyList<BackupItem>>([], DashboardJsonContext.Default.IReadOnlyListBackupItem);
        }
        try
        {
            var backups = await catalog.ListBackupsAsync(poller.Target, new BackupQuery(status, resourceType, search), cancellationToken);
            return TypedResults.Json(backups, DashboardJsonContext.Default.IReadOnlyListBackupItem);
        }
        catch (Exception e) when (VendorFailure.IsMissingCall(e))
        {
            // The target answers, but not this call: the panel says what is missing and why.
            var gap = DataGap.Of("Backups", "list backups", e);
            return Error(502, new ApiError($"{name} does not offer its backup list here: {gap.Message}", (e as VendorException)?.Error, gap));
        }
        catch (Exception e) when (VendorFailure.IsBackend(e))
        {
            return Error(502, new ApiError($"{name} cannot be read now: {TargetPoller.Describe(e)}", (e as VendorException)?.Error));
        }
    }

    /// <summary>Action bodies are optional JSON objects; what each action takes is in its form on the page.</summary>
    public static RouteHandlerBuilder ReadsActionParameters(this RouteHandlerBuilder builder) =>
        builder.ReadsBody<IReadOnlyDictionary<string, JsonElement>>("ActionParameters", required: false,
            "The action's parameters as one JSON object, named as in its form (e.g. {\"backup_id\": \"…\"}); an action without "
            + "parameters needs no body. An Idempotency-Key header makes a repeated call answer the first one's outcome.");

    /// <summary>Runs an API action: optional JSON body and Idempotency-Key, the outcome as JSON.</summary>
    public static async Task<IResult> PerformAsync(HttpRequest request, string action, Func<ActionInput, string?, Task<(ActionOutcome Outcome, bool Repeated)>> run)
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
                return Error(400, new ApiError($"The request body is not valid JSON: {e.Message}"));
            }
        }
        var key = request.Headers["Idempotency-Key"].ToString() is { Length: > 0 } k ? "api:" + k : null;
        var (outcome, _) = await run(new ActionInput(action.ToLowerInvariant(), body, new Dictionary<string, string[]>()), key);
        if (outcome.Kind != ActionResultKind.Succeeded)
        {
            return Error(outcome.HttpStatus, new ApiError(outcome.Summary, outcome.VendorError));
        }
        return Results.Json(new ActionResponse(outcome.Summary, outcome.Operation, outcome.Result.Facts, outcome.Result.Messages),
            DashboardJsonContext.Default.ActionResponse);
    }

    private static IResult Error(int status, ApiError error) => Results.Json(error, DashboardJsonContext.Default.ApiError, statusCode: status);
}
