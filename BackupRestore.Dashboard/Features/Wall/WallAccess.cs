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

    public static IApplicationBuilder UseWallTokenExchange(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.Request.Path != "/wall" || !context.Request.Query.TryGetValue("token", out var values))
        {
            await next(context);
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
        context.Response.Redirect(query.Length == 0 ? "/wall" : "/wall?" + query);
    });

    public static bool IsWall(ClaimsPrincipal user) => user.FindFirst(PrincipalValidator.KindClaim)?.Value == Kind;

    /// <summary>A wall's cookie is as good as its token, and only ever a viewer's (older cookies of other roles end here).</summary>
    public static async Task<bool> IsStillValidAsync(ClaimsPrincipal principal, TokenStore tokens, CancellationToken cancellationToken) =>
        long.TryParse(principal.FindFirst(TokenIdClaim)?.Value, out var id)
        && principal.FindAll(ClaimTypes.Role).All(r => r.Value == Roles.Viewer)
        && await tokens.ActiveRoleAsync(id, cancellationToken) is { } role && role == Roles.Viewer;
}
