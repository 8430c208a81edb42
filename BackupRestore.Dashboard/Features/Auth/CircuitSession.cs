using BackupRestore.Dashboard.Features.Audit;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace BackupRestore.Dashboard.Features.Auth;

/// <summary>
/// One circuit's session: who it is for, the client address it came from (for the audit), and when its user last
/// did something (clicks, typing: the idle timeout applies to live pages too).
/// </summary>
public sealed class CircuitSession(TimeProvider time)
{
    private long lastActivity = time.GetUtcNow().ToUnixTimeMilliseconds();

    public string? ClientAddress { get; internal set; }

    public DateTimeOffset LastActivity => DateTimeOffset.FromUnixTimeMilliseconds(Interlocked.Read(ref lastActivity));

    public void Touch() => Interlocked.Exchange(ref lastActivity, time.GetUtcNow().ToUnixTimeMilliseconds());

    public ActionActor Actor(System.Security.Claims.ClaimsPrincipal user) => new(user.UserName(), user.Role(), ClientAddress);
}

/// <summary>Fills <see cref="CircuitSession"/> with the client address at start, and counts circuits.</summary>
internal sealed class SessionCircuitHandler(CircuitSession session, IHttpContextAccessor http, Live.LiveStats stats) : CircuitHandler
{
    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        // The circuit starts inside the request of its connection: the only moment its client address is known.
        session.ClientAddress = http.HttpContext?.Connection.RemoteIpAddress?.ToString();
        stats.CircuitOpened();
        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        stats.CircuitClosed();
        return Task.CompletedTask;
    }

}
