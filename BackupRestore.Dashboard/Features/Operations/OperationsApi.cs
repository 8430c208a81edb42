using Microsoft.AspNetCore.Http.HttpResults;
using BackupRestore.Dashboard.Features.Actions;
using BackupRestore.Dashboard.Features.Observability;
using BackupRestore.Dashboard.Features.Targets;

namespace BackupRestore.Dashboard.Features.Operations;

/// <summary>The JSON API over operations: list, one, and actions (200 / 400 / 404 / 409 / 502).</summary>
internal static class OperationsApi
{
    public static IEndpointRouteBuilder MapOperationsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/operations").DisableAntiforgery().WithTags("Operations");
        api.MapGet("/", (OperationStore store) =>
            TypedResults.Json(store.Ordered().Select(e => e.Operation).ToList(), DashboardJsonContext.Default.IReadOnlyListOperation)).Produces<IReadOnlyList<Operation>>();
        api.MapGet("/{id}", (string id, OperationStore store) => store.Find(id) is { } entry
            ? Results.Json(entry.Operation, DashboardJsonContext.Default.Operation)
            : NotFound(id)).Produces<Operation>().ProducesApiErrors(404);
        api.MapPost("/{id}/actions/{action}", PerformAsync).RequireAuthorization(Auth.Policies.Operate)
            .ReadsActionParameters().Produces<Operation>().ProducesApiErrors(400, 404, 409, 502);
        return app;
    }

    /// <summary>Operation actions answer with the operation afterwards (the backend's extra results are on the page).</summary>
    private static async Task<IResult> PerformAsync(string id, string action, HttpRequest request, ActionService actions)
    {
        var response = await Targets.TargetsApi.PerformAsync(request, action, (input, key) => actions.ExecuteAsync(Actions.ActionActors.Of(request.HttpContext), id, input, key));
        return response is JsonHttpResult<ActionResponse> { Value.Operation: { } operation }
            ? Results.Json(operation, DashboardJsonContext.Default.Operation)
            : response;
    }

    private static IResult NotFound(string id) =>
        Results.Json(new ApiError($"There is no operation '{id}'."), DashboardJsonContext.Default.ApiError, statusCode: 404);
}
