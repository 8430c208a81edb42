using System.Net.Http.Headers;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace BackupRestore.Dashboard.Features.Auth;

/// <summary>
/// The JSON API's (and .NET hub clients') authentication: <c>Authorization: Bearer &lt;token&gt;</c> with an admin-made
/// token, or HTTP Basic with a user's name and password, as NSX and vCenter themselves accept.
/// </summary>
internal sealed class ApiAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    TokenStore tokens,
    SignIn signIn) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Api";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!AuthenticationHeaderValue.TryParse(Request.Headers.Authorization.ToString(), out var header) || header.Parameter is null)
        {
            // Browsers' WebSockets cannot set headers: the hub also takes the token as access_token.
            var queryToken = Request.Path.StartsWithSegments(Live.DashboardHub.Path) ? Request.Query["access_token"].ToString() : "";
            if (queryToken.Length == 0)
            {
                return AuthenticateResult.NoResult();
            }
            header = new AuthenticationHeaderValue("Bearer", queryToken);
        }
        if (header.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            var token = await tokens.ValidateAsync(header.Parameter!, Context.RequestAborted);
            return token is null
                ? AuthenticateResult.Fail("The token is unknown, revoked or expired.")
                : Success(SignIn.Principal($"token:{token.Name}", token.Role, SchemeName, PrincipalValidator.TokenKind,
                    new System.Security.Claims.Claim(Wall.WallAccess.TokenIdClaim, token.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        }
        if (header.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
        {
            string pair;
            try
            {
                pair = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter!));
            }
            catch (FormatException)
            {
                return AuthenticateResult.Fail("The Basic credentials are not base64.");
            }
            var colon = pair.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                return AuthenticateResult.Fail("The Basic credentials are not user:password.");
            }
            var result = await signIn.PasswordAsync(pair[..colon], pair[(colon + 1)..], Context.Connection.RemoteIpAddress?.ToString(), Context.RequestAborted);
            return result.User is { } user
                ? Success(SignIn.UserPrincipal(user, SchemeName))
                : AuthenticateResult.Fail(result.LockedUntil is null ? "Wrong user name or password." : "Too many failed sign-ins: locked out for a while.");
        }
        return AuthenticateResult.NoResult();
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer, Basic realm=\"BackupRestore Dashboard\"";
        return Task.CompletedTask;
    }

    private static AuthenticateResult Success(System.Security.Claims.ClaimsPrincipal principal) =>
        AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
}
