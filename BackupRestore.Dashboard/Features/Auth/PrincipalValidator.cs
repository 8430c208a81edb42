using System.Globalization;
using System.Security.Claims;
using BackupRestore.Dashboard.Features.Wall;

namespace BackupRestore.Dashboard.Features.Auth;

/// <summary>
/// The one rule for "is this signed-in principal still good?", used by the auth cookie at every request and by
/// live connections (Blazor circuits) on their revalidation interval:
/// <list type="bullet">
/// <item>kind <c>user</c>: the user exists, is enabled, has the role the principal carries, and the principal's
/// security stamp is the user's current one (sign-out, password change, disable and role change replace it);</item>
/// <item>kind <c>wall</c>: the viewer token it was made from is still active and still a viewer's;</item>
/// <item>kind <c>token</c>: the API token is not revoked or expired and still has the principal's role.</item>
/// </list>
/// Anything else (no kind, an unknown kind, missing claims) is not valid.
/// </summary>
internal sealed class PrincipalValidator(UserStore users, TokenStore tokens)
{
    public const string KindClaim = "kind";
    public const string StampClaim = "stamp";
    public const string UserKind = "user";
    public const string TokenKind = "token";

    public async Task<bool> IsStillValidAsync(ClaimsPrincipal principal, CancellationToken ct)
    {
        var roles = principal.FindAll(ClaimTypes.Role).Select(r => r.Value).ToList();
        switch (principal.FindFirst(KindClaim)?.Value)
        {
            case UserKind:
                var stamp = principal.FindFirst(StampClaim)?.Value;
                if (principal.Identity?.Name is not { } name || string.IsNullOrEmpty(stamp))
                {
                    return false;
                }
                var user = await users.FindAsync(name, ct);
                return user is { Disabled: false } && user.SecurityStamp == stamp && roles.Count > 0 && roles.All(r => r == user.Role);
            case WallAccess.Kind:
                return await WallAccess.IsStillValidAsync(principal, tokens, ct);
            case TokenKind:
                return long.TryParse(principal.FindFirst(WallAccess.TokenIdClaim)?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                    && await tokens.ActiveRoleAsync(id, ct) is { } role && roles.Count > 0 && roles.All(r => r == role);
            default:
                return false;
        }
    }
}
