using BackupRestore.Dashboard.Features.Audit;
using BackupRestore.Dashboard.Features.Auth;
using Microsoft.AspNetCore.Components.Authorization;

namespace BackupRestore.Dashboard.Features.Admin;

internal static class AdminActors
{
    public const string AccessChanged = "Your access changed since this page opened (role, disabled or signed out): nothing was done. Reload the page.";

    /// <summary>
    /// Who acts from a circuit, checked now rather than at the last revalidation (up to a minute old): a user demoted
    /// or disabled a moment ago changes nothing. Null when the circuit's user no longer holds.
    /// </summary>
    public static async Task<ActionActor?> ActorAsync(this AuthenticationStateProvider authentication, CircuitSession session, PrincipalValidator validator)
    {
        var user = (await authentication.GetAuthenticationStateAsync()).User;
        return await validator.IsStillValidAsync(user, CancellationToken.None) ? session.Actor(user) : null;
    }
}
