using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;

namespace BackupRestore.Dashboard.Features.Auth;

/// <summary>Sign-in (the <c>/login</c> form posts here) and sign-out, both plain form posts with antiforgery.</summary>
internal static class AuthEndpoints
{
    public static IEndpointRouteBuilder MapAuth(this IEndpointRouteBuilder app)
    {
        app.MapPost("/login", LoginAsync).AllowAnonymous();
        // A live page's clicks travel over its circuit, not HTTP: it calls this now and then while its user is
        // active, so that the sliding cookie does not expire under someone who is working.
        app.MapGet("/auth/keepalive", () => Results.NoContent());
        // Binding the form is what makes the framework enforce antiforgery (the middleware only records its verdict).
        app.MapPost("/logout", async (HttpContext context, [FromForm] IFormCollection form) =>
        {
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.Redirect("/login?signedOut=1");
        });
        return app;
    }

    private static async Task<IResult> LoginAsync(
        HttpContext context,
        [FromForm] string? username,
        [FromForm] string? password,
        [FromForm] string? returnUrl,
        SignIn signIn)
    {
        var back = IsLocal(returnUrl) ? returnUrl! : "/";
        var result = await signIn.PasswordAsync(username ?? "", password ?? "", context.Connection.RemoteIpAddress?.ToString(), context.RequestAborted);
        if (result.User is not { } user)
        {
            var reason = result.LockedUntil is { } until
                ? "locked=" + Uri.EscapeDataString(until.UtcDateTime.ToString("HH:mm", CultureInfo.InvariantCulture))
                : "failed=1";
            return Results.Redirect($"/login?{reason}&returnUrl={Uri.EscapeDataString(back)}");
        }
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
            SignIn.Principal(user.UserName, user.Role, CookieAuthenticationDefaults.AuthenticationScheme, "user"),
            new AuthenticationProperties { IsPersistent = false });
        return Results.Redirect(back);
    }

    public static bool IsLocal(string? url) => url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || url[1] is not ('/' or '\\'));
}
