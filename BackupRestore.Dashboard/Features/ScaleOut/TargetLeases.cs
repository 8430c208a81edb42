using BackupRestore.Dashboard.Features.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BackupRestore.Dashboard.Features.ScaleOut;

/// <summary>
/// The PostgreSQL side of target leases: one row per target (owner, expiry) and one heartbeat row per instance.
/// Every expiry is computed on the database's clock, so instances with skewed clocks still agree.
/// </summary>
internal sealed class TargetLeases(IDbContextFactory<DashboardDb> databases, IOptions<InstanceOptions> instance, IOptions<ScaleOutOptions> options)
{
    private string Me => instance.Value.Id;

    private TimeSpan Lease => options.Value.LeaseDuration;

    /// <summary>Says this instance is alive; returns how many instances are (this one included).</summary>
    public async Task<int> HeartbeatAsync(CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"""INSERT INTO instances ("Id", "SeenAt") VALUES ({Me}, now()) ON CONFLICT ("Id") DO UPDATE SET "SeenAt" = now()""", cancellationToken);
        // Rows of instances gone for a long time would only make the table grow.
        await db.Database.ExecuteSqlInterpolatedAsync($"""DELETE FROM instances WHERE "SeenAt" < now() - {Lease * 100}""", cancellationToken);
        return await db.Database.SqlQuery<int>($"""SELECT count(*)::int AS "Value" FROM instances WHERE "SeenAt" > now() - {Lease}""")
            .SingleAsync(cancellationToken);
    }

    /// <summary>Extends every lease this instance still owns; returns their targets (one taken over meanwhile is not among them).</summary>
    public async Task<HashSet<string>> RenewAsync(CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var renewed = await db.Database.SqlQuery<string>(
            $"""UPDATE target_leases SET "ExpiresAt" = now() + {Lease} WHERE "Owner" = {Me} RETURNING "Target" AS "Value" """).ToListAsync(cancellationToken);
        return renewed.ToHashSet(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Targets another instance holds a live lease on.</summary>
    public async Task<HashSet<string>> HeldByOthersAsync(CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var held = await db.Database.SqlQuery<string>(
            $"""SELECT "Target" AS "Value" FROM target_leases WHERE "Owner" <> {Me} AND "ExpiresAt" > now()""").ToListAsync(cancellationToken);
        return held.ToHashSet(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Takes the lease of <paramref name="target"/> when nobody holds it, or its holder let it expire. One statement:
    /// of two instances trying at once, exactly one gets the row back.
    /// </summary>
    public async Task<bool> TryTakeAsync(string target, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var taken = await db.Database.SqlQuery<string>($"""
            INSERT INTO target_leases ("Target", "Owner", "ExpiresAt") VALUES ({target}, {Me}, now() + {Lease})
            ON CONFLICT ("Target") DO UPDATE SET "Owner" = excluded."Owner", "ExpiresAt" = excluded."ExpiresAt"
            WHERE target_leases."ExpiresAt" < now() OR target_leases."Owner" = excluded."Owner"
            RETURNING "Target" AS "Value"
            """).ToListAsync(cancellationToken);
        return taken.Count == 1;
    }

    /// <summary>Gives leases back, for another instance to take at its next renewal.</summary>
    public async Task ReleaseAsync(IReadOnlyCollection<string> targets, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var names = targets.ToArray();
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"""DELETE FROM target_leases WHERE "Owner" = {Me} AND "Target" = ANY({names})""", cancellationToken);
    }

    /// <summary>At a clean stop: every lease and the heartbeat go, so the others take over at once, not after expiry.</summary>
    public async Task LeaveAsync(CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await db.Database.ExecuteSqlInterpolatedAsync($"""DELETE FROM target_leases WHERE "Owner" = {Me}""", cancellationToken);
        await db.Database.ExecuteSqlInterpolatedAsync($"""DELETE FROM instances WHERE "Id" = {Me}""", cancellationToken);
    }
}
