using BackupRestore.Dashboard.Features.Audit;
using BackupRestore.Dashboard.Features.Auth;
using Microsoft.AspNetCore.Components.Authorization;

namespace BackupRestore.Dashboard.Features.Admin;

internal static class AdminActors
{
    /// <summary>Who acts from a circuit: its user now (revalidated), and the client address it came from.</summary>
    public static async Task<ActionActor> ActorAsync(this AuthenticationStateProvider authentication, CircuitSession session) =>
        session.Actor((await authentication.GetAuthenticationStateAsync()).User);
}
