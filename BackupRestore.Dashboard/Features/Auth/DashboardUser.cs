using System.Security.Claims;

namespace BackupRestore.Dashboard.Features.Auth;

/// <summary>
/// Who a page is rendered for, cascaded once by the layout. A viewer's (or a wall's) page renders no action
/// controls at all; the server refuses their actions anyway.
/// </summary>
public sealed record DashboardUser(string Name, string Role, bool IsWall)
{
    public static DashboardUser Anonymous { get; } = new("anonymous", "none", false);

    public bool CanAct => !IsWall && Role is Roles.Operator or Roles.Admin;

    public bool IsAdmin => !IsWall && Role == Roles.Admin;

    public static DashboardUser From(ClaimsPrincipal principal) => principal.Identity?.IsAuthenticated == true
        ? new DashboardUser(principal.UserName(), principal.Role(), Wall.WallAccess.IsWall(principal))
        : Anonymous;
}
