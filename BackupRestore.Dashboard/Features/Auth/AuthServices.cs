using System.Security.Claims;
using BackupRestore.Dashboard.Features.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;

namespace BackupRestore.Dashboard.Features.Auth;

internal static class AuthServices
{
    private const string Smart = "smart";

    /// <summary>
    /// Pages: a cookie (sign-in at /login, idle expiry). API and .NET hub clients: Bearer token or Basic. Everything
    /// needs a signed-in user unless marked anonymous; actions need operator; /admin needs admin.
    /// </summary>
    public static IHostApplicationBuilder AddAuth(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<AuthOptions>().Bind(builder.Configuration.GetSection("Auth"))
            .Validate(o => o.IdleTimeout > TimeSpan.Zero, "Auth:IdleTimeout must be a positive TimeSpan, e.g. 00:30:00.")
            .Validate(o => o.RevalidationInterval > TimeSpan.Zero && o.RevalidationInterval <= TimeSpan.FromMinutes(1),
                "Auth:RevalidationInterval must be positive and at most 00:01:00 (live pages re-check their user at least every minute).")
            .Validate(o => o.LockAfterFailures > 0 && o.SlowAfterFailures > 0 && o.AddressSlowAfterFailures > 0,
                "Auth:LockAfterFailures, Auth:SlowAfterFailures and Auth:AddressSlowAfterFailures must be positive whole numbers.")
            .Validate(o => o.CookieSecure is CookieSecurePolicy.SameAsRequest or CookieSecurePolicy.Always,
                "Auth:CookieSecure must be SameAsRequest (Secure over HTTPS; the default) or Always (Secure even over plain HTTP, for TLS proxies that do not send X-Forwarded-Proto).")
            .ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<AuthOptions>, BootstrapPasswordValidator>();
        services.AddSingleton<UserStore>();
        services.AddSingleton<TokenStore>();
        services.AddSingleton<SignInThrottle>();
        services.AddSingleton<SharedSignInThrottle>();
        // Several instances share one PostgreSQL: failures on one count on all (SQLite serves one instance).
        services.AddSingleton<ISignInThrottle>(sp => sp.GetRequiredService<Data.DataLocation>().Provider == "postgres"
            ? sp.GetRequiredService<SharedSignInThrottle>()
            : sp.GetRequiredService<SignInThrottle>());
        services.AddSingleton<SignIn>();
        services.AddSingleton<PrincipalValidator>();
        services.AddHttpContextAccessor();
        services.AddScoped<CircuitSession>();
        services.AddScoped<Microsoft.AspNetCore.Components.Server.Circuits.CircuitHandler, SessionCircuitHandler>();
        services.AddScoped<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider, RevalidatingAuthStateProvider>();
        services.AddSingleton<IStartupRecovery>(sp => new BootstrapAdmin(sp.GetRequiredService<UserStore>(), sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<AuthOptions>>()));

        var idle = builder.Configuration.GetSection("Auth").Get<AuthOptions>()?.IdleTimeout ?? TimeSpan.FromMinutes(30);
        services.AddAuthentication(Smart)
            .AddPolicyScheme(Smart, "Cookie for pages, token or Basic for the API", o => o.ForwardDefaultSelector = context =>
                context.Request.Path.StartsWithSegments("/api") || context.Request.Headers.Authorization.Count > 0 || context.Request.Query.ContainsKey("access_token")
                    ? ApiAuthenticationHandler.SchemeName
                    : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiAuthenticationHandler>(ApiAuthenticationHandler.SchemeName, null)
            .AddCookie(o =>
            {
                o.LoginPath = "/login";
                o.Cookie.Name = "brd.auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.ExpireTimeSpan = idle;
                o.SlidingExpiration = true;
                o.Events.OnRedirectToAccessDenied = context =>
                {
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    return Task.CompletedTask;
                };
                o.Events.OnValidatePrincipal = ValidatePrincipalAsync;
            });
        // A wall's cookie is good for the wall and nothing else: every other policy refuses it. Pages carry
        // [Authorize] (default policy) so that a live page also loses access when its user does.
        var console = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().RequireAssertion(c => !Wall.WallAccess.IsWall(c.User)).Build();
        services.AddAuthorizationBuilder()
            .SetDefaultPolicy(console)
            .SetFallbackPolicy(console)
            .AddPolicy(Policies.Operate, p => p.RequireRole(Roles.Operator, Roles.Admin).RequireAssertion(c => !Wall.WallAccess.IsWall(c.User)))
            .AddPolicy(Policies.Administer, p => p.RequireRole(Roles.Admin).RequireAssertion(c => !Wall.WallAccess.IsWall(c.User)))
            .AddPolicy(Policies.Wall, p => p.RequireAuthenticatedUser());
        services.AddCascadingAuthenticationState();
        services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<Microsoft.Extensions.Options.IOptions<AuthOptions>>((o, auth) => o.Cookie.SecurePolicy = auth.Value.CookieSecure);
        // The framework refuses antiforgery over plain HTTP with an Always-secure cookie: it follows the request.
        services.AddOptions<Microsoft.AspNetCore.Antiforgery.AntiforgeryOptions>().Configure(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        return builder;
    }

    /// <summary>
    /// A cookie is only as good as <see cref="PrincipalValidator"/> says, at every request: a signed-out, disabled,
    /// deleted or re-roled user's cookies end, and so do wall cookies whose token was revoked.
    /// </summary>
    private static async Task ValidatePrincipalAsync(CookieValidatePrincipalContext context)
    {
        var validator = context.HttpContext.RequestServices.GetRequiredService<PrincipalValidator>();
        if (context.Principal is null || !await validator.IsStillValidAsync(context.Principal, context.HttpContext.RequestAborted))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
    }

    public static string UserName(this ClaimsPrincipal user) => user.Identity?.Name ?? "anonymous";

    public static string Role(this ClaimsPrincipal user) => user.FindFirst(ClaimTypes.Role)?.Value ?? "none";
}

/// <summary>The bootstrap admin's configured password meets the same policy as any other, or the start stops saying why.</summary>
internal sealed class BootstrapPasswordValidator : Microsoft.Extensions.Options.IValidateOptions<AuthOptions>
{
    public Microsoft.Extensions.Options.ValidateOptionsResult Validate(string? name, AuthOptions options) =>
        options.BootstrapAdmin.Password is { Length: > 0 } password && PasswordPolicy.Problem(options.BootstrapAdmin.UserName, password) is { } problem
            ? Microsoft.Extensions.Options.ValidateOptionsResult.Fail(
                $"Auth:BootstrapAdmin:Password is refused: {problem} Set a better one (it is used only to create the first admin), or leave it empty to have one generated and printed once.")
            : Microsoft.Extensions.Options.ValidateOptionsResult.Success;
}
