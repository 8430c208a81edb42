using BackupRestore.Dashboard.Features.Auth;
using BackupRestore.Dashboard.Tests.Infrastructure;

namespace BackupRestore.Dashboard.Tests.Features.ScaleOut;

/// <summary>Lockout counters in PostgreSQL: behind a load balancer, failed sign-ins on one instance count on all.</summary>
public sealed class SharedLockoutTests : IAsyncLifetime
{
    private ScaleOutCluster cluster = default!;

    public async Task InitializeAsync() => cluster = await ScaleOutCluster.StartAsync();

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    [Fact]
    public async Task Failures_spread_over_two_instances_lock_the_user_on_both_and_a_success_clears_them()
    {
        var targets = cluster.Targets(TimeSpan.FromSeconds(5)).Take(1).ToList();
        await using var a = DashboardApp.Start(targets, settings: Settings("a"));
        await using var b = DashboardApp.Start(targets, settings: Settings("b"));
        var (user, password) = await a.UserAsync(Roles.Viewer);
        var (other, otherPassword) = await a.UserAsync(Roles.Viewer);
        using var onA = new DashboardSession(a);
        using var onB = new DashboardSession(b);

        var answers = new List<string?>();
        foreach (var session in new[] { onA, onB, onA })
        {
            using var failed = await session.SignInAsync(user, "wrong-password-1");
            answers.Add(failed.Headers.Location?.OriginalString);
        }
        using var third = await onB.SignInAsync(user, "wrong-password-1");
        using var rightButLocked = await onA.SignInAsync(user, password);
        // Another user, two failures on B then a success on A: the success clears B's count too.
        using (await onB.SignInAsync(other, "wrong-password-1"))
        using (await onB.SignInAsync(other, "wrong-password-1"))
        using (await onA.SignInAsync(other, otherPassword))
        {
        }
        var cleared = await b.Get<ISignInThrottle>().CheckAsync(other, null, default);

        Assert.All(answers, location => Assert.StartsWith("/login?failed=1", location, StringComparison.Ordinal));
        Assert.StartsWith("/login?locked=", third.Headers.Location?.OriginalString, StringComparison.Ordinal);
        Assert.StartsWith("/login?locked=", rightButLocked.Headers.Location?.OriginalString, StringComparison.Ordinal);
        Assert.Equal((null, TimeSpan.Zero), cleared);
        Assert.IsType<SharedSignInThrottle>(a.Get<ISignInThrottle>());
    }

    /// <summary>Locked after four failures; never slowed before (the slowing runs on real time here, and is tested in memory).</summary>
    private Dictionary<string, string?> Settings(string instance)
    {
        var settings = cluster.Settings(instance, fastLeases: true);
        settings["Auth:LockAfterFailures"] = "4";
        settings["Auth:SlowAfterFailures"] = "100";
        settings["Auth:AddressSlowAfterFailures"] = "100";
        return settings;
    }
}
