using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace BackupRestore.Dashboard.Features.Auth;

/// <summary>
/// Slows and then locks out repeated failed sign-ins, per user name and per client address, on the app's clock.
/// Kept in memory: a restart forgives, which is the usual trade-off for a single-node console.
/// </summary>
internal sealed class SignInThrottle(IOptions<AuthOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);

    /// <summary>When the user or the address is locked out, until when; otherwise how long to wait before answering.</summary>
    public (DateTimeOffset? LockedUntil, TimeSpan Delay) Check(string userName, string? address)
    {
        var now = time.GetUtcNow();
        var keys = Keys(userName, address);
        var locked = keys.Select(k => entries.GetValueOrDefault(k)?.LockedUntil).Where(l => l > now).Max();
        var failures = keys.Select(k => Recent(entries.GetValueOrDefault(k), now)).Max();
        var slow = failures - options.Value.SlowAfterFailures + 1;
        return (locked, slow > 0 ? TimeSpan.FromMilliseconds(Math.Min(5000, 500 * slow)) : TimeSpan.Zero);
    }

    public void RecordFailure(string userName, string? address)
    {
        var now = time.GetUtcNow();
        foreach (var key in Keys(userName, address))
        {
            var entry = entries.GetOrAdd(key, _ => new Entry());
            lock (entry)
            {
                entry.Failures.Enqueue(now);
                if (Recent(entry, now) >= options.Value.LockAfterFailures)
                {
                    entry.LockedUntil = now + options.Value.LockoutDuration;
                    entry.Failures.Clear();
                }
            }
        }
    }

    public void RecordSuccess(string userName) => entries.TryRemove(UserKey(userName), out _);

    private int Recent(Entry? entry, DateTimeOffset now)
    {
        if (entry is null)
        {
            return 0;
        }
        lock (entry)
        {
            while (entry.Failures.TryPeek(out var oldest) && now - oldest > options.Value.FailureWindow)
            {
                entry.Failures.Dequeue();
            }
            return entry.Failures.Count;
        }
    }

    private static string[] Keys(string userName, string? address) => address is null ? [UserKey(userName)] : [UserKey(userName), "ip:" + address];

    private static string UserKey(string userName) => "user:" + UserStore.Normalize(userName);

    private sealed class Entry
    {
        public Queue<DateTimeOffset> Failures { get; } = new();

        public DateTimeOffset? LockedUntil { get; set; }
    }
}
