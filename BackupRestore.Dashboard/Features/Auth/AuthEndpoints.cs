using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;

namespace BackupRestore.Dashboard.Features.Auth;

/// <summary>
/// Sign-in (the <c>/login</c> form posts here) and sign-out, both plain form posts with antiforgery. Sign-out
/// replaces the user's security stamp: every cookie of that user, copies included, stops working.
/// </summary>
internal static class AuthEndpoints
{
    public static IEndpointRouteBuilder MapAuth(this IEndpointRouteBuilder app)
    {
        app.MapPost("/login", LoginAsync).AllowAnonymous();
        // A live page's clicks travel over its circuit, not HTTP: it calls this now and then while its user is
        // active, so that the sliding cookie does not expire under someone who is working.
        app.MapGet("/auth/keepalive", () => Results.NoContent());
        // Binding the form is what makes the framework enforce antiforgery (the middleware only records its verdict).
        app.MapPost("/logout", async (HttpContext context, [FromForm] IFormCollection form, UserStore users) =>
        {
            // A copy of the cookie (another browser, a stolen one) must stop working too: the stamp changes.
            if (context.User.FindFirst(PrincipalValidator.KindClaim)?.Value == PrincipalValidator.UserKind && context.User.Identity?.Name is { } name)
            {
                await users.RotateStampAsync(name, context.RequestAborted);
            }
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
        var back = LocalOr(returnUrl);
        var result = await signIn.PasswordAsync(username ?? "", password ?? "", context.Connection.RemoteIpAddress?.ToString(), context.RequestAborted);
        if (result.User is not { } user)
        {
            var reason = result.LockedUntil is { } until
                ? "locked=" + Uri.EscapeDataString(until.UtcDateTime.ToString("HH:mm", CultureInfo.InvariantCulture))
                : "failed=1";
            return Results.Redirect($"/login?{reason}&returnUrl={Uri.EscapeDataString(back)}");
        }
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
            SignIn.UserPrincipal(user, CookieAuthenticationDefaults.AuthenticationScheme),
            new AuthenticationProperties { IsPersistent = false });
        return Results.Redirect(back);
    }

    /// <summary>
    /// The framework's local-URL rule (<see cref="Microsoft.AspNetCore.Http.HttpResults.RedirectHttpResult.IsLocalUrl"/>:
    /// no scheme or host, no <c>//</c> or <c>/\</c>, no control characters such as <c>"/\t/evil.example"</c>), and
    /// starting with '/' (no <c>~/</c> virtual paths). Every place that takes a return URL uses it.
    /// </summary>
    public static bool IsLocal(string? url) => url is { Length: > 0 } && url[0] == '/' && Microsoft.AspNetCore.Http.HttpResults.RedirectHttpResult.IsLocalUrl(url);

    /// <summary><paramref name="url"/> when it is local, else <paramref name="fallback"/>.</summary>
    public static string LocalOr(string? url, string fallback = "/") => IsLocal(url) ? url! : fallback;
}
