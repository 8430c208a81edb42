using System.Collections.Concurrent;
using BackupRestore.Dashboard.Features.Targets;

namespace BackupRestore.Dashboard.Vendors.Nsx;

public sealed record NsxSession(string SessionId, string XsrfToken);

/// <summary>One NSX session per target, shared by every caller; a single login at a time per target.</summary>
internal sealed class NsxSessions
{
    private readonly ConcurrentDictionary<string, NsxSession> sessions = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> logins = new(StringComparer.OrdinalIgnoreCase);

    public async Task<NsxSession> GetAsync(TargetOptions target, Func<TargetOptions, CancellationToken, Task<NsxSession>> login, CancellationToken cancellationToken)
    {
        if (sessions.TryGetValue(target.Name, out var session))
        {
            return session;
        }
        var gate = logins.GetOrAdd(target.Name, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (sessions.TryGetValue(target.Name, out session))
            {
                return session;
            }
            session = await login(target, cancellationToken);
            sessions[target.Name] = session;
            return session;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Forgets <paramref name="stale"/> unless another caller already replaced it.</summary>
    public void Invalidate(TargetOptions target, NsxSession stale) =>
        sessions.TryRemove(new KeyValuePair<string, NsxSession>(target.Name, stale));
}
