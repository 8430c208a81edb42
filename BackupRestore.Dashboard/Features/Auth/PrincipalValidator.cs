using System.Security.Claims;

namespace BackupRestore.Dashboard.Features.Auth;

/// <summary>
/// The one rule for "is this signed-in principal still good": a user exists, is enabled and keeps the role it signed
/// in with; an API token is neither revoked nor expired; a wall's cookie is as good as its viewer token. Used by
/// live pages and by the hub's connections.
/// </summary>
internal sealed class PrincipalValidator(UserStore users, TokenStore tokens)
{
    public async Task<bool> IsStillValidAsync(ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        if (Wall.WallAccess.IsWall(principal))
        {
            return await Wall.WallAccess.IsStillValidAsync(principal, tokens, cancellationToken);
        }
        if (principal.FindFirst("kind")?.Value == "token")
        {
            return long.TryParse(principal.FindFirst(Wall.WallAccess.TokenIdClaim)?.Value, out var id)
                && await tokens.ActiveRoleAsync(id, cancellationToken) is { } role && principal.IsInRole(role);
        }
        if (principal.FindFirst("kind")?.Value != "user" || principal.Identity?.Name is not { } name)
        {
            return true;
        }
        var user = await users.FindAsync(name, cancellationToken);
        return user is { Disabled: false } && principal.IsInRole(user.Role);
    }
}
