using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace BackupRestore.Dashboard.Features.Auth;

/// <summary>
/// Repeated failed sign-ins, counted per user name and per client address separately, on the app's clock.
/// A user name is slowed after <see cref="AuthOptions.SlowAfterFailures"/> and locked after
/// <see cref="AuthOptions.LockAfterFailures"/> failures (from any address). An address is only ever slowed, from
/// <see cref="AuthOptions.AddressSlowAfterFailures"/> failures on: behind a proxy or NAT many people share one,
/// and guessing many user names from it must not lock them all out. Kept in memory with SQLite (one instance; a
/// restart forgives); with PostgreSQL <see cref="SharedSignInThrottle"/> keeps the same counts in the database.
/// </summary>
internal sealed class SignInThrottle(IOptions<AuthOptions> options, TimeProvider time) : ISignInThrottle
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);

    /// <summary>When the user is locked out, until when; otherwise how long to wait before answering.</summary>
    public (DateTimeOffset? LockedUntil, TimeSpan Delay) Check(string userName, string? address)
    {
        var now = time.GetUtcNow();
        var user = entries.GetValueOrDefault(UserKey(userName));
        var locked = user?.LockedUntil > now ? user.LockedUntil : null;
        var delay = Delay(Recent(user, now), options.Value.SlowAfterFailures);
        if (address is not null)
        {
            var fromAddress = Delay(Recent(entries.GetValueOrDefault(AddressKey(address)), now), options.Value.AddressSlowAfterFailures);
            delay = delay > fromAddress ? delay : fromAddress;
        }
        return (locked, delay);
    }

    public void RecordFailure(string userName, string? address)
    {
        var now = time.GetUtcNow();
        var user = entries.GetOrAdd(UserKey(userName), _ => new Entry());
        lock (user)
        {
            user.Failures.Enqueue(now);
            if (Recent(user, now) >= options.Value.LockAfterFailures)
            {
                user.LockedUntil = now + options.Value.LockoutDuration;
                user.Failures.Clear();
            }
        }
        if (address is not null)
        {
            var fromAddress = entries.GetOrAdd(AddressKey(address), _ => new Entry());
            lock (fromAddress)
            {
                fromAddress.Failures.Enqueue(now);
                // Bounded: the delay stops growing long before this.
                while (fromAddress.Failures.Count > 1000)
                {
                    fromAddress.Failures.Dequeue();
                }
            }
        }
    }

    public void RecordSuccess(string userName) => entries.TryRemove(UserKey(userName), out _);

    Task<(DateTimeOffset? LockedUntil, TimeSpan Delay)> ISignInThrottle.CheckAsync(string userName, string? address, CancellationToken cancellationToken) =>
        Task.FromResult(Check(userName, address));

    Task ISignInThrottle.RecordFailureAsync(string userName, string? address, CancellationToken cancellationToken)
    {
        RecordFailure(userName, address);
        return Task.CompletedTask;
    }

    Task ISignInThrottle.RecordSuccessAsync(string userName, CancellationToken cancellationToken)
    {
        RecordSuccess(userName);
        return Task.CompletedTask;
    }

    /// <summary>How long to hold an answer after <paramref name="failures"/> recent failures: 0.5 s more each, from <paramref name="slowAfter"/>, up to 5 s.</summary>
    internal static TimeSpan Delay(int failures, int slowAfter)
    {
        var over = failures - slowAfter + 1;
        return over > 0 ? TimeSpan.FromTicks(Math.Min(MaxDelay.Ticks, Step.Ticks * over)) : TimeSpan.Zero;
    }

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

    internal static string UserKey(string userName) => "user:" + UserStore.Normalize(userName);

    internal static string AddressKey(string address) => "ip:" + address;

    private sealed class Entry
    {
        public Queue<DateTimeOffset> Failures { get; } = new();

        public DateTimeOffset? LockedUntil { get; set; }
    }
}

/// <summary>The sign-in throttle as <see cref="SignIn"/> uses it: in memory (SQLite) or shared by all instances (PostgreSQL).</summary>
internal interface ISignInThrottle
{
    /// <summary>When the user is locked out, until when; otherwise how long to wait before answering.</summary>
    Task<(DateTimeOffset? LockedUntil, TimeSpan Delay)> CheckAsync(string userName, string? address, CancellationToken cancellationToken);

    Task RecordFailureAsync(string userName, string? address, CancellationToken cancellationToken);

    Task RecordSuccessAsync(string userName, CancellationToken cancellationToken);
}
