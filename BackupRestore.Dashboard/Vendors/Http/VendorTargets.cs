using System.Collections.Concurrent;
using BackupRestore.Dashboard.Features.Targets;
using Refit;

namespace BackupRestore.Dashboard.Vendors.Http;

/// <summary>
/// The Refit client of each vendor API, one named <see cref="HttpClient"/> per target (and one for its IAM endpoint):
/// own base address, connection pool, TLS checks, resilience pipeline and circuit breaker. Clients are built once per
/// target and kept: their handlers live as long as the process (pooled connections renew themselves).
/// </summary>
internal sealed class VendorApis(IHttpClientFactory factory, VendorTargets targets)
{
    private const string Prefix = "vendor:";
    private const string IamSuffix = "|iam";
    private readonly ConcurrentDictionary<(string Client, Type Api), object> apis = new();

    public T For<T>(TargetOptions target, RefitSettings settings, bool iam = false) where T : class
    {
        targets.Use(target);
        var name = ClientName(target.Name, iam);
        return (T)apis.GetOrAdd((name, typeof(T)), key => RestService.ForGenerated<T>(factory.CreateClient(key.Client), settings));
    }

    public static string ClientName(string target, bool iam) => Prefix + target + (iam ? IamSuffix : "");

    public static bool TryParse(string? name, out string target, out bool iam)
    {
        target = "";
        iam = false;
        if (name is null || !name.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }
        iam = name.EndsWith(IamSuffix, StringComparison.Ordinal);
        target = name[Prefix.Length..(iam ? name.Length - IamSuffix.Length : name.Length)];
        return true;
    }
}

/// <summary>
/// The options of every target a vendor client was made for, by name: handlers read the current ones at send time
/// (credentials, project, TLS settings), so a target's pipeline is built once and never holds stale settings.
/// </summary>
internal sealed class VendorTargets
{
    private readonly ConcurrentDictionary<string, TargetOptions> byName = new(StringComparer.OrdinalIgnoreCase);

    public void Use(TargetOptions target) => byName[target.Name] = target;

    public TargetOptions Get(string name) => byName.TryGetValue(name, out var target)
        ? target
        : throw new InvalidOperationException($"No vendor client was made for target '{name}'.");
}

/// <summary>One login (or token fetch) at a time per key; the result is shared until a backend refuses it.</summary>
internal sealed class SessionCache<TSession> where TSession : class
{
    private readonly ConcurrentDictionary<string, TSession> sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> gates = new(StringComparer.Ordinal);

    /// <summary>The cached session, or a new one from <paramref name="login"/>; a failed login's response is passed back, not cached.</summary>
    public async Task<(TSession? Session, HttpResponseMessage? Failure)> GetAsync(
        string key, Func<CancellationToken, Task<(TSession?, HttpResponseMessage?)>> login, CancellationToken cancellationToken)
    {
        if (sessions.TryGetValue(key, out var session))
        {
            return (session, null);
        }
        var gate = gates.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (sessions.TryGetValue(key, out session))
            {
                return (session, null);
            }
            var (fresh, failure) = await login(cancellationToken);
            if (fresh is not null)
            {
                sessions[key] = fresh;
            }
            return (fresh, failure);
        }
        finally
        {
            gate.Release();
        }
    }

    public bool TryGet(string key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out TSession session) => sessions.TryGetValue(key, out session);

    /// <summary>Forgets <paramref name="stale"/> unless another caller already replaced it.</summary>
    public void Invalidate(string key, TSession stale) => sessions.TryRemove(new KeyValuePair<string, TSession>(key, stale));
}
