using System.Security.Claims;

namespace BackupRestore.Dashboard.Features.Auth;

/// <summary>viewer sees everything and acts on nothing; operator runs actions; admin also manages users and tokens.</summary>
public static class Roles
{
    public const string Viewer = "viewer";
    public const string Operator = "operator";
    public const string Admin = "admin";

    public static IReadOnlyList<string> All { get; } = [Viewer, Operator, Admin];

    public static bool IsValid(string? role) => role is Viewer or Operator or Admin;

    public static bool CanAct(ClaimsPrincipal user) => user.IsInRole(Operator) || user.IsInRole(Admin);
}

public static class Policies
{
    /// <summary>Run actions: operator or admin.</summary>
    public const string Operate = "operate";

    /// <summary>Manage users and tokens: admin.</summary>
    public const string Administer = "administer";

    /// <summary>The wall page and its live connection: any signed-in user, and a wall's own cookie (which opens nothing else).</summary>
    public const string Wall = "wall";
}

public sealed class AuthOptions
{
    public BootstrapAdminOptions BootstrapAdmin { get; set; } = new();

    /// <summary>A signed-in browser with no activity for this long must sign in again.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How often a live page (and a hub connection) checks that its user or token is still good.</summary>
    public TimeSpan RevalidationInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>From this many recent failures for one user name on, each sign-in attempt for it is answered more slowly.</summary>
    public int SlowAfterFailures { get; set; } = 3;

    /// <summary>This many failures for one user name within <see cref="FailureWindow"/> lock that user out (from every address).</summary>
    public int LockAfterFailures { get; set; } = 6;

    /// <summary>From this many failures from one client address (any user names), its answers are slowed; an address is never locked.</summary>
    public int AddressSlowAfterFailures { get; set; } = 10;

    /// <summary>
    /// The auth cookie: <c>SameAsRequest</c> (default: Secure when the request is HTTPS, also as told by a known
    /// proxy's X-Forwarded-Proto) or <c>Always</c>. The antiforgery cookie is always SameAsRequest (the framework
    /// refuses antiforgery over plain HTTP otherwise).
    /// </summary>
    public Microsoft.AspNetCore.Http.CookieSecurePolicy CookieSecure { get; set; } = Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest;

    public TimeSpan FailureWindow { get; set; } = TimeSpan.FromMinutes(15);

    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);
}

public sealed class BootstrapAdminOptions
{
    public string UserName { get; set; } = "admin";

    /// <summary>Used only when no user exists; without it a strong password is generated and printed once.</summary>
    public string? Password { get; set; }
}
