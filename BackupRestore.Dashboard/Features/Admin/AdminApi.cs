using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using BackupRestore.Dashboard.Features.Actions;
using BackupRestore.Dashboard.Features.Auth;
using BackupRestore.Dashboard.Features.Observability;
using BackupRestore.Dashboard.Features.Operations;

namespace BackupRestore.Dashboard.Features.Admin;

/// <summary>
/// <c>/api/admin</c>: what the admin pages do, for admins only, through the same <see cref="AdminService"/> (so audited
/// the same way). 201 with the item created, 200 with the item changed, 400 with the store's reason, 404 for an
/// unknown id.
/// </summary>
internal static class AdminApi
{
    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/admin").RequireAuthorization(Policies.Administer).DisableAntiforgery().WithTags("Administration");

        var users = admin.MapGroup("/users");
        users.MapGet("/", async (AdminService service, CancellationToken cancellationToken) =>
            TypedResults.Json(await service.UsersAsync(cancellationToken), AdminJson.Default.IReadOnlyListUserView)).Produces<IReadOnlyList<UserView>>();
        users.MapPost("/", CreateUserAsync).ReadsBody<CreateUserRequest>(nameof(CreateUserRequest), required: true, "The new user: name, password and role.")
            .Produces<UserView>(StatusCodes.Status201Created).ProducesApiErrors(400);
        users.MapPost("/{id:long}", ChangeUserAsync)
            .ReadsBody<ChangeUserRequest>(nameof(ChangeUserRequest), required: true, "What changes: a role, a new password, or disabled (one or more).")
            .Produces<UserView>().ProducesApiErrors(400, 404);

        var tokens = admin.MapGroup("/tokens");
        tokens.MapGet("/", async (AdminService service, CancellationToken cancellationToken) =>
            TypedResults.Json(await service.TokensAsync(cancellationToken), AdminJson.Default.IReadOnlyListTokenView)).Produces<IReadOnlyList<TokenView>>();
        tokens.MapPost("/", CreateTokenAsync)
            .ReadsBody<CreateTokenRequest>(nameof(CreateTokenRequest), required: true, "The token's name, role and lifetime in days (none: it never expires).")
            .Produces<CreatedToken>(StatusCodes.Status201Created).ProducesApiErrors(400);
        tokens.MapPost("/{id:long}/revoke", async (long id, HttpContext context, AdminService service) =>
            Answer(await service.RevokeTokenAsync(ActionActors.Of(context), id), AdminJson.Default.TokenView)).ReadsNoBody().Produces<TokenView>().ProducesApiErrors(400, 404);
        return app;
    }

    private static async Task<IResult> CreateUserAsync(HttpRequest request, AdminService service)
    {
        var (body, error) = await ReadAsync(request, AdminJson.Default.CreateUserRequest, """{"userName": "carol", "password": "…", "role": "operator"}""");
        if (body is null)
        {
            return error!;
        }
        var outcome = await service.CreateUserAsync(ActionActors.Of(request.HttpContext), body.UserName, body.Password, body.Role);
        return outcome.Value is { } user
            ? Results.Json(user, AdminJson.Default.UserView, statusCode: StatusCodes.Status201Created)
            : Error(outcome);
    }

    private static async Task<IResult> ChangeUserAsync(long id, HttpRequest request, AdminService service)
    {
        var (body, error) = await ReadAsync(request, AdminJson.Default.ChangeUserRequest, """{"role": "viewer"}, {"password": "…"} or {"disabled": true}""");
        return body is null
            ? error!
            : Answer(await service.ChangeUserAsync(ActionActors.Of(request.HttpContext), id, body.Role, body.Password, body.Disabled), AdminJson.Default.UserView);
    }

    private static async Task<IResult> CreateTokenAsync(HttpRequest request, AdminService service)
    {
        var (body, error) = await ReadAsync(request, AdminJson.Default.CreateTokenRequest, """{"name": "wall-noc", "role": "viewer", "expiresInDays": 90}""");
        if (body is null)
        {
            return error!;
        }
        var outcome = await service.CreateTokenAsync(ActionActors.Of(request.HttpContext), body.Name, body.Role, body.ExpiresInDays);
        if (outcome.Value is not { } created)
        {
            return Error(outcome);
        }
        var baseUri = $"{request.Scheme}://{request.Host}{request.PathBase}";
        return Results.Json(CreatedToken.Of(created.View, created.Token, baseUri), AdminJson.Default.CreatedToken, statusCode: StatusCodes.Status201Created);
    }

    private static IResult Answer<T>(AdminOutcome<T> outcome, JsonTypeInfo<T> type)
        where T : class =>
        outcome.Value is { } value ? Results.Json(value, type) : Error(outcome);

    private static IResult Error<T>(AdminOutcome<T> outcome)
        where T : class =>
        Results.Json(new ApiError(outcome.Error!), DashboardJsonContext.Default.ApiError,
            statusCode: outcome.NotFound ? StatusCodes.Status404NotFound : StatusCodes.Status400BadRequest);

    /// <summary>The JSON body, or a 400 that says what was expected.</summary>
    internal static async Task<(T? Body, IResult? Error)> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> type, string example)
        where T : class
    {
        try
        {
            var body = await JsonSerializer.DeserializeAsync(request.Body, type, request.HttpContext.RequestAborted);
            return body is null ? (null, BadRequest($"The request needs a JSON body, e.g. {example}.")) : (body, null);
        }
        catch (JsonException e)
        {
            var reason = e.Path is { Length: > 1 } path ? $" (at {path})" : "";
            return (null, BadRequest($"The request body is not the expected JSON{reason}, e.g. {example}."));
        }
    }

    private static IResult BadRequest(string message) =>
        Results.Json(new ApiError(message), DashboardJsonContext.Default.ApiError, statusCode: StatusCodes.Status400BadRequest);
}
