using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace BackupRestore.Dashboard.Features.Actions;

/// <summary>
/// Outcomes waiting to be shown after the post-redirect-get, by an unguessable key, for ten minutes, with the
/// form's non-secret fields to fill the form again. The fields stay here, not in the redirect's address: addresses
/// end up in logs, proxies and browser history.
/// </summary>
internal sealed class ActionOutcomes(TimeProvider time)
{
    private static readonly TimeSpan Keep = TimeSpan.FromMinutes(10);
    private static readonly IReadOnlyDictionary<string, string> None = new Dictionary<string, string>();
    private readonly ConcurrentDictionary<string, (ActionOutcome Outcome, IReadOnlyDictionary<string, string> Prefill, DateTimeOffset Expires)> outcomes = new(StringComparer.Ordinal);

    public string Add(ActionOutcome outcome, IReadOnlyDictionary<string, string>? prefill = null)
    {
        var now = time.GetUtcNow();
        foreach (var (key, value) in outcomes)
        {
            if (value.Expires <= now)
            {
                outcomes.TryRemove(key, out _);
            }
        }
        var id = Convert.ToHexString(RandomNumberGenerator.GetBytes(12)).ToLowerInvariant();
        outcomes[id] = (outcome, prefill ?? None, now + Keep);
        return id;
    }

    public ActionOutcome? Find(string? id) =>
        id is not null && outcomes.TryGetValue(id, out var value) && value.Expires > time.GetUtcNow() ? value.Outcome : null;

    /// <summary>The fields the form was sent with (no secrets, credentials in URLs redacted), to fill it again.</summary>
    public IReadOnlyDictionary<string, string> PrefillOf(string? id) =>
        id is not null && outcomes.TryGetValue(id, out var value) && value.Expires > time.GetUtcNow() ? value.Prefill : None;
}
