using System.Text;

namespace BackupRestore.Simulator;

/// <summary>Answers a request the broken way its target's current fault says; returns false to let it through.</summary>
internal static class SimFaultInjector
{
    public static async Task<bool> TryHandleAsync(HttpContext context, SimTarget target)
    {
        var fault = target.Faults.Current;
        if (fault.PathContains is { } part && context.Request.Path.Value?.Contains(part, StringComparison.Ordinal) != true)
        {
            return false;
        }
        var response = context.Response;
        var isAction = !HttpMethods.IsGet(context.Request.Method);
        switch (fault.Kind)
        {
            case SimFaultKind.Latency:
                // Wall-clock on purpose: a slow network is slow whatever clock the scenario runs on.
                await Task.Delay(fault.Latency, TimeProvider.System, context.RequestAborted);
                return false;
            case SimFaultKind.ServerError:
                response.StatusCode = 500;
                await response.WriteAsync("Internal Server Error", context.RequestAborted);
                return true;
            case SimFaultKind.ConnectionReset:
                context.Abort();
                return true;
            case SimFaultKind.MalformedJson:
                response.ContentType = "application/json";
                await response.WriteAsync("{\"status\": {\"value\": \"RUNN", context.RequestAborted);
                return true;
            case SimFaultKind.TruncatedBody:
                var bytes = Encoding.UTF8.GetBytes("{\"status\":{\"value\":\"RUNNING\",\"description\":\"Restore is in");
                response.ContentType = "application/json";
                response.ContentLength = bytes.Length * 2;
                await response.Body.WriteAsync(bytes, context.RequestAborted);
                await response.Body.FlushAsync(context.RequestAborted);
                // An abort resets the connection and can drop bytes still in flight: let the half body arrive first
                // (wall-clock on purpose, whatever clock the scenario runs on).
                await Task.Delay(TimeSpan.FromMilliseconds(200), TimeProvider.System, context.RequestAborted);
                context.Abort();
                return true;
            case SimFaultKind.ExpiredToken:
                response.StatusCode = 401;
                response.ContentType = "application/json";
                await response.WriteAsync(ExpiredTokenBody(target.System), context.RequestAborted);
                return true;
            case SimFaultKind.HtmlErrorPage:
                response.StatusCode = 502;
                response.ContentType = "text/html";
                await response.WriteAsync("<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1><hr>nginx</body></html>", context.RequestAborted);
                return true;
            case SimFaultKind.Conflict when isAction:
                response.StatusCode = 409;
                response.ContentType = "application/json";
                await response.WriteAsync(ConflictBody(target.System), context.RequestAborted);
                return true;
            case SimFaultKind.Restart:
                response.StatusCode = 503;
                response.Headers.RetryAfter = "5";
                await response.WriteAsync("Service Unavailable", context.RequestAborted);
                return true;
            case SimFaultKind.Missing:
                await SimApiSurface.Missing(context).ExecuteAsync(context);
                return true;
            default:
                return false;
        }
    }

    private static string ExpiredTokenBody(string system) => system switch
    {
        SimSystems.Nsx => "{\"module_name\":\"common-services\",\"error_message\":\"The session has expired. Log in again.\",\"error_code\":403}",
        _ => "{\"error_code\":\"APIGW.0301\",\"error_msg\":\"Incorrect IAM authentication information: the token has expired\"}",
    };

    private static string ConflictBody(string system) => system switch
    {
        SimSystems.Nsx => "{\"httpStatus\":\"CONFLICT\",\"error_code\":22013,\"module_name\":\"cluster-restore\",\"error_message\":\"The restore state changed while the request was in flight.\"}",
        _ => "{\"error_code\":\"CONFLICT\",\"error_msg\":\"The resource state changed while the request was in flight.\"}",
    };
}
