using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace BackupRestore.Dashboard.Features.Actions;

/// <summary>Outcomes waiting to be shown after the post-redirect-get, by an unguessable key, for ten minutes.</summary>
internal sealed class ActionOutcomes(TimeProvider time)
{
    private static readonly TimeSpan Keep = TimeSpan.FromMinutes(10);
    private readonly ConcurrentDictionary<string, (ActionOutcome Outcome, DateTimeOffset Expires)> outcomes = new(StringComparer.Ordinal);

    public string Add(ActionOutcome outcome)
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
        outcomes[id] = (outcome, now + Keep);
        return id;
    }

    public ActionOutcome? Find(string? id) =>
        id is not null && outcomes.TryGetValue(id, out var value) && value.Expires > time.GetUtcNow() ? value.Outcome : null;
}
