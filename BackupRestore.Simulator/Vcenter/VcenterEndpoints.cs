using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace BackupRestore.Simulator.Vcenter;

/// <summary>
/// The appliance recovery API under <c>/vcenter/{target}</c>: the current <c>/api</c> form and the older
/// <c>/rest</c> form (bodies wrapped in <c>piece</c>/<c>value</c>), with session authentication (§2.5).
/// </summary>
internal static class VcenterEndpoints
{
    private const string SessionHeader = "vmware-api-session-id";

    public static void MapVcenter(this IEndpointRouteBuilder app)
    {
        var target = app.MapGroup("/vcenter/{target}");
        var api = target.MapGroup("/api").AddEndpointFilter(ApiExists);
        api.MapPost("/session", (HttpContext c) => Login(c) is { } token ? Results.Json(token, statusCode: 201) : Unauthenticated(c, rest: false));
        api.MapDelete("/session", (HttpContext c) =>
        {
            c.SimTarget()!.Sessions.Remove(c.Request.Headers[SessionHeader].ToString());
            return Results.NoContent();
        });
        var job = api.MapGroup("/appliance/recovery").AddEndpointFilter(RequireSession);
        job.MapGet("/restore/job", (HttpContext c) => Answer(c, VcOutcome.Ok(Machine(c).Status()), rest: false));
        job.MapPost("/restore/job", async (HttpContext c, string? action) => action == "cancel"
            ? Answer(c, Machine(c).Cancel(), rest: false)
            : Answer(c, Machine(c).Create(await ReadAsync(c, rest: false)), rest: false));
        job.MapPost("/restore", async (HttpContext c, string? action) => action == "validate"
            ? Answer(c, Machine(c).Validate(await ReadAsync(c, rest: false)), rest: false)
            : Answer(c, VcOutcome.Fail(400, "OPERATION_NOT_FOUND", "vapi.method.not.found", $"Unknown action '{action}'."), rest: false));

        var rest = target.MapGroup("/rest");
        rest.MapPost("/com/vmware/cis/session", (HttpContext c) => Login(c) is { } token ? Results.Json(new { value = token }) : Unauthenticated(c, rest: true));
        var legacy = rest.MapGroup("/appliance/recovery").AddEndpointFilter(RequireSession);
        legacy.MapGet("/restore/job", (HttpContext c) => Answer(c, VcOutcome.Ok(Machine(c).Status()), rest: true));
        legacy.MapPost("/restore/job", async (HttpContext c) =>
        {
            // The old API answers a create with 200 and the status wrapped in "value" (the new one: 201).
            var outcome = Machine(c).Create(await ReadAsync(c, rest: true));
            return Answer(c, outcome.Error is null ? outcome with { HttpStatus = 200 } : outcome, rest: true);
        });
        legacy.MapPost("/restore/job/cancel", (HttpContext c) => Answer(c, Machine(c).Cancel(), rest: true));
        legacy.MapPost("/restore/validate", async (HttpContext c) => Answer(c, Machine(c).Validate(await ReadAsync(c, rest: true)), rest: true));
    }

    private static VcenterMachine Machine(HttpContext context) => context.SimTarget()!.MachineAs<VcenterMachine>();

    private static async ValueTask<object?> ApiExists(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next) =>
        invocation.HttpContext.SimTarget()?.Machine is VcenterMachine { Scenario.RestOnly: false } ? await next(invocation) : Results.NotFound();

    private static async ValueTask<object?> RequireSession(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        var rest = context.Request.Path.Value!.Contains("/rest/", StringComparison.Ordinal);
        var target = context.SimTarget();
        return target is not null && target.Sessions.IsValid(context.Request.Headers[SessionHeader].ToString(), null)
            ? await next(invocation)
            : Unauthenticated(context, rest);
    }

    private static string? Login(HttpContext context)
    {
        var target = context.SimTarget();
        var header = context.Request.Headers.Authorization.ToString();
        if (target is null || !header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        string pair;
        try
        {
            pair = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
        }
        catch (FormatException)
        {
            return null;
        }
        if (pair != $"{target.Credentials.UserName}:{target.Credentials.Password}")
        {
            return null;
        }
        var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
        target.Sessions.Add(token, "");
        return token;
    }

    private static async Task<VcRestoreRequest?> ReadAsync(HttpContext context, bool rest)
    {
        try
        {
            var body = await context.Request.ReadFromJsonAsync<JsonElement>(SimJson.SnakeCase, context.RequestAborted);
            if (rest)
            {
                body = body.TryGetProperty("piece", out var piece) ? piece : default;
            }
            return body.ValueKind == JsonValueKind.Object ? body.Deserialize<VcRestoreRequest>(SimJson.SnakeCase) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static IResult Unauthenticated(HttpContext context, bool rest) => Answer(context,
        VcOutcome.Fail(401, "UNAUTHENTICATED", "vapi.method.authentication.required", "This method requires authentication."), rest);

    private static IResult Answer(HttpContext context, VcOutcome outcome, bool rest)
    {
        if (outcome.Error is { } error)
        {
            object body = rest
                ? new { type = $"com.vmware.vapi.std.errors.{error.ErrorType.ToLowerInvariant()}", value = new { error_type = error.ErrorType, messages = error.Messages } }
                : new { error_type = error.ErrorType, messages = error.Messages, data = new { } };
            return SimJson.Write(context, body, SimJson.SnakeCase, outcome.HttpStatus);
        }
        return rest
            ? SimJson.Write(context, new { value = outcome.Value }, SimJson.SnakeCase, outcome.HttpStatus)
            : SimJson.Write(context, outcome.Value, SimJson.SnakeCase, outcome.HttpStatus);
    }
}
