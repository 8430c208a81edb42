using System.Security.Cryptography;
using System.Text;

namespace BackupRestore.Simulator.Nsx;

/// <summary>NSX authentication (vendor-apis.md §1.6): HTTP Basic on every call, or a JSESSIONID session plus X-XSRF-TOKEN.</summary>
internal static class NsxAuth
{
    private const string SessionCookie = "JSESSIONID";
    private const string XsrfHeader = "X-XSRF-TOKEN";

    public static async ValueTask<object?> Gate(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        var target = context.SimTarget();
        if (target is null)
        {
            return Error(404, 404, "common-services", "The requested URI could not be found.");
        }
        if (target.MachineAs<NsxMachine>().UnavailableFor() is { } wait)
        {
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Error(503, 101, "common-services", "Some appliance components are not functioning properly. Component health: MANAGER:DOWN");
        }
        return Authenticate(context, target) switch
        {
            AuthResult.Ok => await next(invocation),
            AuthResult.Missing => Error(401, 401, "common-services", "Authentication is required to access this resource."),
            _ => Error(403, 403, "common-services", "The credentials were incorrect or the account specified has been locked."),
        };
    }

    public static async Task<IResult> CreateSession(HttpContext context)
    {
        var target = context.SimTarget();
        if (target is null || !context.Request.HasFormContentType)
        {
            return Error(400, 269, "common-services", "The requested with given URI, HTTP method and set of parameters cannot be processed.");
        }
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        if (!Matches(target.Credentials, form["j_username"].ToString(), form["j_password"].ToString()))
        {
            return Error(403, 403, "common-services", "The credentials were incorrect or the account specified has been locked.");
        }
        var sessionId = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var xsrf = Guid.NewGuid().ToString();
        target.Sessions.Add(sessionId, xsrf);
        context.Response.Cookies.Append(SessionCookie, sessionId, new CookieOptions { HttpOnly = true, Path = "/" });
        context.Response.Headers[XsrfHeader] = xsrf;
        return Results.Ok();
    }

    public static IResult DestroySession(HttpContext context)
    {
        if (context.SimTarget() is { } target && context.Request.Cookies.TryGetValue(SessionCookie, out var id))
        {
            target.Sessions.Remove(id);
        }
        return Results.Ok();
    }

    private static AuthResult Authenticate(HttpContext context, SimTarget target)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
                var colon = pair.IndexOf(':', StringComparison.Ordinal);
                return colon > 0 && Matches(target.Credentials, pair[..colon], pair[(colon + 1)..]) ? AuthResult.Ok : AuthResult.Denied;
            }
            catch (FormatException)
            {
                return AuthResult.Denied;
            }
        }
        if (context.Request.Cookies.TryGetValue(SessionCookie, out var session))
        {
            return target.Sessions.IsValid(session, context.Request.Headers[XsrfHeader].ToString()) ? AuthResult.Ok : AuthResult.Denied;
        }
        return AuthResult.Missing;
    }

    private static bool Matches(SimCredentials expected, string user, string password) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(user), Encoding.UTF8.GetBytes(expected.UserName))
        & CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(password), Encoding.UTF8.GetBytes(expected.Password));

    private static IResult Error(int status, int code, string module, string message) =>
        Results.Json(new NsxApiErrorWire(StatusName(status), code, module, message), SimJson.SnakeCase, statusCode: status);

    private static string StatusName(int status) => status switch
    {
        401 => "UNAUTHORIZED",
        403 => "FORBIDDEN",
        404 => "NOT_FOUND",
        503 => "SERVICE_UNAVAILABLE",
        _ => "BAD_REQUEST",
    };

    private enum AuthResult
    {
        Ok,
        Missing,
        Denied,
    }
}
