using System.Security.Claims;
using BackupRestore.Dashboard.Features.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.WebUtilities;

namespace BackupRestore.Dashboard.Features.Wall;

/// <summary>
/// <c>/wall?token=…</c>: a wall screen opens a link with a viewer token once; it is exchanged for a long-lived cookie
/// and the address loses the token. Only viewer tokens are exchanged, and the cookie opens the wall and nothing
/// else (<see cref="Policies.Wall"/>). It stays valid only while the token does (checked at every request,
/// including each reconnect of the live connection), so revoking the token ends the wall's access.
/// </summary>
internal static class WallAccess
{
    public const string Kind = "wall";
    public const string TokenIdClaim = "token-id";

    /// <summary>Marks a browser as a wall (only sent to /wall), so that a wall whose access ended says so.</summary>
    public const string MarkerCookie = "brd.wall";

    public static IApplicationBuilder UseWallTokenExchange(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.Request.Path != "/wall")
        {
            await next(context);
            return;
        }
        if (!context.Request.Query.TryGetValue("token", out var values))
        {
            await WallWithoutTokenAsync(context, next);
            return;
        }
        var tokens = context.RequestServices.GetRequiredService<TokenStore>();
        var time = context.RequestServices.GetRequiredService<TimeProvider>();
        var token = await tokens.ValidateAsync(values.ToString(), context.RequestAborted);
        var rest = QueryHelpers.ParseQuery(context.Request.QueryString.Value).Where(q => q.Key != "token")
            .SelectMany(q => q.Value.Select(v => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(v ?? "")}"));
        var query = string.Join('&', rest);
        if (token is null)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            await context.Response.WriteAsync("This wall link's token is unknown, revoked or expired. Ask an admin for a new link.");
            return;
        }
        if (token.Role != Roles.Viewer)
        {
            // A wall runs unattended for months: it must never hold more than viewer rights.
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await context.Response.WriteAsync($"Only a viewer token can open a wall; this token has the role '{token.Role}'. Ask an admin for a wall link made with a viewer token.");
            return;
        }
        var principal = new ClaimsPrincipal(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.Name, $"wall:{token.Name}"), new Claim(ClaimTypes.Role, Roles.Viewer), new Claim(PrincipalValidator.KindClaim, Kind),
            new Claim(TokenIdClaim, token.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ], CookieAuthenticationDefaults.AuthenticationScheme));
        // A wall runs for weeks without a click: its cookie lasts a year and is not bound to the idle timeout.
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal, new AuthenticationProperties
        {
            IsPersistent = true,
            ExpiresUtc = time.GetUtcNow().AddDays(365),
            AllowRefresh = false,
        });
        Mark(context, time);
        context.Response.Redirect(query.Length == 0 ? "/wall" : "/wall?" + query);
    });

    /// <summary>
    /// A wall screen whose token was revoked (or expired) is told so, in large type, and stays on that page: no sign-in
    /// form on a TV nobody touches, and no script that would ask again. A new wall link replaces it.
    /// </summary>
    private static async Task WallWithoutTokenAsync(HttpContext context, RequestDelegate next)
    {
        var signedIn = context.User.Identity?.IsAuthenticated == true;
        if (!signedIn && context.Request.Cookies.ContainsKey(MarkerCookie) && HttpMethods.IsGet(context.Request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.ContentType = "text/html; charset=utf-8";
            context.Response.Headers.CacheControl = "no-store";
            await context.Response.WriteAsync(RevokedPage);
            return;
        }
        if (signedIn && IsWall(context.User) && !context.Request.Cookies.ContainsKey(MarkerCookie))
        {
            // Walls that opened before the marker existed get it on their next load.
            Mark(context, context.RequestServices.GetRequiredService<TimeProvider>());
        }
        await next(context);
    }

    private static void Mark(HttpContext context, TimeProvider time) =>
        context.Response.Cookies.Append(MarkerCookie, "1", new CookieOptions
        {
            Path = "/wall",
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = context.Request.IsHttps,
            IsEssential = true,
            Expires = time.GetUtcNow().AddDays(365),
        });

    public const string RevokedText = "This wall's access was revoked";

    private const string RevokedPage = $$"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1.0" />
        <title>Wall access revoked · BackupRestore Dashboard</title>
        <style>
        html, body { margin: 0; height: 100%; background: #0f141a; color: #e6edf3; font-family: Roboto, "Liberation Sans", Helvetica, Arial, sans-serif; }
        main { height: 100%; display: flex; flex-direction: column; align-items: center; justify-content: center; gap: 24px; text-align: center; padding: 0 5vw; box-sizing: border-box; }
        h1 { font-size: clamp(28px, 4vw, 64px); margin: 0; color: #f2cc60; }
        p { font-size: clamp(18px, 2vw, 32px); margin: 0; color: #9aa7b4; max-width: 60ch; }
        </style>
        </head>
        <body>
        <main class="wall-revoked" id="wall-revoked">
        <h1>{{RevokedText}}</h1>
        <p>The viewer token behind this wall link was revoked or has expired, so this screen no longer shows operations. Ask an admin for a new wall link and open it on this screen.</p>
        </main>
        </body>
        </html>
        """;

    /// <summary>
    /// The circuit's own connection (<c>/_blazor</c>) is the wall's live view: a wall's cookie may open it (every
    /// other endpoint refuses that cookie through the fallback policy). Inside the circuit, every page but
    /// <see cref="WallRoute"/> carries the console's [Authorize], which refuses a wall.
    /// </summary>
    public static void OpenCircuitsToWalls(EndpointBuilder endpoint)
    {
        if (endpoint is RouteEndpointBuilder { RoutePattern.RawText: { } pattern } && pattern.TrimStart('/').StartsWith("_blazor", StringComparison.Ordinal))
        {
            endpoint.Metadata.Add(new Microsoft.AspNetCore.Authorization.AuthorizeAttribute(Policies.Wall));
        }
    }

    public static bool IsWall(ClaimsPrincipal user) => user.FindFirst(PrincipalValidator.KindClaim)?.Value == Kind;

    /// <summary>A wall's cookie is as good as its token, and only ever a viewer's (older cookies of other roles end here).</summary>
    public static async Task<bool> IsStillValidAsync(ClaimsPrincipal principal, TokenStore tokens, CancellationToken cancellationToken) =>
        long.TryParse(principal.FindFirst(TokenIdClaim)?.Value, out var id)
        && principal.FindAll(ClaimTypes.Role).All(r => r.Value == Roles.Viewer)
        && await tokens.ActiveRoleAsync(id, cancellationToken) is { } role && role == Roles.Viewer;
}
