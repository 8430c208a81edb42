using BackupRestore.Dashboard.Features.Wall;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.Options;

namespace BackupRestore.Dashboard.Features.Auth;

/// <summary>
/// A live page re-checks its user every <see cref="AuthOptions.RevalidationInterval"/>: a disabled or deleted user, a
/// changed role, a revoked wall token or an idle session loses the page (it goes to the sign-in page).
/// </summary>
internal sealed class RevalidatingAuthStateProvider(
    ILoggerFactory loggers,
    IServiceScopeFactory scopes,
    IOptions<AuthOptions> options,
    CircuitSession session,
    TimeProvider time) : RevalidatingServerAuthenticationStateProvider(loggers)
{
    protected override TimeSpan RevalidationInterval => options.Value.RevalidationInterval;

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        var principal = authenticationState.User;
        if (principal.Identity?.IsAuthenticated != true)
        {
            return true;
        }
        if (!WallAccess.IsWall(principal) && time.GetUtcNow() - session.LastActivity > options.Value.IdleTimeout)
        {
            return false;
        }
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PrincipalValidator>().IsStillValidAsync(principal, cancellationToken);
    }
}
