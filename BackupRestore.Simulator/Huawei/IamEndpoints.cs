using System.Globalization;
using System.Text.Json;

namespace BackupRestore.Simulator.Huawei;

/// <summary><c>POST /iam/v3/auth/tokens</c>: password auth scoped to a project; the token comes back in X-Subject-Token.</summary>
internal static class IamEndpoints
{
    private static readonly string[] PasswordMethod = ["password"];

    public static void MapIam(this IEndpointRouteBuilder app) => app.MapPost("/iam/v3/auth/tokens", IssueAsync);

    private static async Task<IResult> IssueAsync(HttpContext context, SimFleet fleet)
    {
        JsonElement body;
        try
        {
            body = await context.Request.ReadFromJsonAsync<JsonElement>(context.RequestAborted);
        }
        catch (JsonException)
        {
            return HuaweiErrors.Result(400, "IAM.0001", "The request body is not valid JSON.");
        }
        var user = Find(body, "auth", "identity", "password", "user");
        var name = user?.TryGetProperty("name", out var n) == true ? n.GetString() : null;
        var password = user?.TryGetProperty("password", out var p) == true ? p.GetString() : null;
        var domain = Find(body, "auth", "identity", "password", "user", "domain")?.TryGetProperty("name", out var d) == true ? d.GetString() : null;
        var project = Find(body, "auth", "scope", "project");
        var projectMatches = project?.TryGetProperty("name", out var pn) == true && pn.GetString() == SimIam.ProjectName
            || project?.TryGetProperty("id", out var pid) == true && pid.GetString() == SimIam.ProjectId;
        if (name != fleet.Credentials.UserName || password != fleet.Credentials.Password || domain != SimIam.DomainName)
        {
            return HuaweiErrors.Result(401, "IAM.0002", "The username or password is incorrect.");
        }
        if (!projectMatches)
        {
            return HuaweiErrors.Result(400, "IAM.0003", "The project in the scope does not exist.");
        }
        var (token, expires) = fleet.Iam.Issue();
        context.Response.Headers["X-Subject-Token"] = token;
        return Results.Json(new
        {
            token = new
            {
                expires_at = expires.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture),
                methods = PasswordMethod,
                project = new { id = SimIam.ProjectId, name = SimIam.ProjectName },
                user = new { name, domain = new { name = domain } },
            },
        }, statusCode: 201);
    }

    private static JsonElement? Find(JsonElement element, params string[] path)
    {
        foreach (var key in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(key, out element))
            {
                return null;
            }
        }
        return element;
    }
}

/// <summary>Huawei error bodies: <c>{"error_code","error_msg"}</c> (CSE adds <c>detail</c>).</summary>
internal static class HuaweiErrors
{
    public static IResult Result(int status, string code, string message, string? detail = null) => detail is null
        ? Results.Json(new { error_code = code, error_msg = message }, statusCode: status)
        : Results.Json(new { error_code = code, error_msg = message, detail }, statusCode: status);

    /// <summary>The API gateway's check of X-Auth-Token, for every Huawei service endpoint.</summary>
    public static async ValueTask<object?> RequireToken(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        if (context.SimTarget() is null)
        {
            return Result(404, "APIGW.0101", "The API does not exist or has not been published in the environment.");
        }
        var fleet = context.RequestServices.GetRequiredService<SimFleet>();
        if (!fleet.Iam.IsValid(context.Request.Headers["X-Auth-Token"].ToString()))
        {
            return Result(401, "APIGW.0301", "Incorrect IAM authentication information: verify aksk or token failed.");
        }
        if (context.Request.RouteValues.TryGetValue("project_id", out var project) && project as string != SimIam.ProjectId)
        {
            return Result(403, "APIGW.0302", "The IAM user is not authorized to access the API: project mismatch.");
        }
        return await next(invocation);
    }
}
