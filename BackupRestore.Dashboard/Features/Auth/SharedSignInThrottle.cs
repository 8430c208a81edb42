using BackupRestore.Dashboard.Features.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BackupRestore.Dashboard.Features.Auth;

/// <summary>
/// <see cref="SignInThrottle"/>'s rules with the counts in the database (PostgreSQL, several instances): behind a
/// load balancer each attempt may reach another instance, and six failures spread over three instances must still
/// lock the user. One row per failure (user name and address separately), one row per locked user name; rows older
/// than the failure window are deleted as new failures come in. Times are the app's clock, in unix ms.
/// </summary>
internal sealed class SharedSignInThrottle(IDbContextFactory<DashboardDb> databases, IOptions<AuthOptions> options, TimeProvider time) : ISignInThrottle
{
    public async Task<(DateTimeOffset? LockedUntil, TimeSpan Delay)> CheckAsync(string userName, string? address, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        var since = (now - settings.FailureWindow).ToUnixTimeMilliseconds();
        var userKey = SignInThrottle.UserKey(userName);
        var addressKey = address is null ? null : SignInThrottle.AddressKey(address);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var lockedUntil = await db.SignInLockouts.AsNoTracking().Where(l => l.Key == userKey).Select(l => (long?)l.LockedUntil).SingleOrDefaultAsync(cancellationToken);
        var counts = await db.SignInFailures.AsNoTracking().Where(f => f.At > since && (f.Key == userKey || f.Key == addressKey))
            .GroupBy(f => f.Key).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var delay = SignInThrottle.Delay(counts.FirstOrDefault(c => c.Key == userKey)?.Count ?? 0, settings.SlowAfterFailures);
        if (addressKey is not null)
        {
            var fromAddress = SignInThrottle.Delay(counts.FirstOrDefault(c => c.Key == addressKey)?.Count ?? 0, settings.AddressSlowAfterFailures);
            delay = delay > fromAddress ? delay : fromAddress;
        }
        var locked = lockedUntil is { } until && until > now.ToUnixTimeMilliseconds() ? DateTimeOffset.FromUnixTimeMilliseconds(until) : (DateTimeOffset?)null;
        return (locked, delay);
    }

    public async Task RecordFailureAsync(string userName, string? address, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        var at = now.ToUnixTimeMilliseconds();
        var since = (now - settings.FailureWindow).ToUnixTimeMilliseconds();
        var userKey = SignInThrottle.UserKey(userName);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await db.SignInFailures.Where(f => f.At <= since).ExecuteDeleteAsync(cancellationToken);
        db.SignInFailures.Add(new SignInFailureRow { Key = userKey, At = at });
        if (address is not null)
        {
            db.SignInFailures.Add(new SignInFailureRow { Key = SignInThrottle.AddressKey(address), At = at });
        }
        await db.SaveChangesAsync(cancellationToken);
        var recent = await db.SignInFailures.CountAsync(f => f.Key == userKey && f.At > since, cancellationToken);
        if (recent >= settings.LockAfterFailures)
        {
            var until = (now + settings.LockoutDuration).ToUnixTimeMilliseconds();
            // Two instances may both see the count reached: the later upsert only moves the end by milliseconds.
            await db.Database.ExecuteSqlInterpolatedAsync($"""
                INSERT INTO sign_in_lockouts ("Key", "LockedUntil") VALUES ({userKey}, {until})
                ON CONFLICT ("Key") DO UPDATE SET "LockedUntil" = excluded."LockedUntil"
                """, cancellationToken);
            await db.SignInFailures.Where(f => f.Key == userKey && f.At <= at).ExecuteDeleteAsync(cancellationToken);
        }
    }

    public async Task RecordSuccessAsync(string userName, CancellationToken cancellationToken)
    {
        var userKey = SignInThrottle.UserKey(userName);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await db.SignInFailures.Where(f => f.Key == userKey).ExecuteDeleteAsync(cancellationToken);
        await db.SignInLockouts.Where(l => l.Key == userKey).ExecuteDeleteAsync(cancellationToken);
    }
}
