using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace BackupRestore.Dashboard.Features.Observability;

/// <summary>
/// In front of the Prometheus exporter: the management port (by the socket, not the Host header a client
/// chooses) and the scrape token.
/// </summary>
internal static class ScrapeGate
{
    public static Task CheckAsync(HttpContext context, RequestDelegate next, string? token, IReadOnlySet<int> ports)
    {
        if (ports.Count > 0 && !ports.Contains(context.Connection.LocalPort))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }
        if (!string.IsNullOrEmpty(token) && !HasToken(context.Request, token))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Bearer realm=\"metrics\"";
            return Task.CompletedTask;
        }
        return next(context);
    }

    private static bool HasToken(HttpRequest request, string token) =>
        AuthenticationHeaderValue.TryParse(request.Headers.Authorization.ToString(), out var header)
        && header.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase)
        && header.Parameter is { } sent
        // Constant time: the comparison must not tell how much of a guess was right.
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(sent), Encoding.UTF8.GetBytes(token));
}
