using BackupRestore.Dashboard.Features.Auth;
using BackupRestore.Dashboard.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace BackupRestore.Dashboard.Tests.Features.Auth;

public sealed class SignInThrottleTests
{
    private readonly ManualTimeProvider clock = new();
    private readonly SignInThrottle throttle;

    public SignInThrottleTests() =>
        throttle = new SignInThrottle(Options.Create(new AuthOptions { SlowAfterFailures = 3, LockAfterFailures = 6, AddressSlowAfterFailures = 10 }), clock);

    [Fact]
    public void Answers_get_slower_after_a_few_failures_then_the_user_is_locked_out()
    {
        var delays = new List<TimeSpan>();
        for (var i = 0; i < 5; i++)
        {
            delays.Add(throttle.Check("alice", "10.0.0.1").Delay);
            throttle.RecordFailure("alice", "10.0.0.1");
        }
        var beforeLock = throttle.Check("alice", "10.0.0.1");
        throttle.RecordFailure("alice", "10.0.0.1");

        Assert.Equal([TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(1000)], delays);
        Assert.Null(beforeLock.LockedUntil);
        Assert.Equal(clock.GetUtcNow().AddMinutes(15), throttle.Check("alice", "10.0.0.2").LockedUntil);
    }

    [Fact]
    public void Old_failures_are_forgotten_and_a_success_clears_the_user()
    {
        throttle.RecordFailure("bob", null);
        throttle.RecordFailure("bob", null);
        throttle.RecordFailure("bob", null);
        var slowed = throttle.Check("bob", null).Delay;
        clock.Advance(TimeSpan.FromMinutes(16));
        var forgotten = throttle.Check("bob", null).Delay;
        throttle.RecordFailure("bob", null);
        throttle.RecordSuccess("bob");

        Assert.True(slowed > TimeSpan.Zero);
        Assert.Equal(TimeSpan.Zero, forgotten);
        Assert.Equal(TimeSpan.Zero, throttle.Check("bob", null).Delay);
    }

    [Fact]
    public void Many_failures_from_one_address_slow_that_address_but_lock_no_user()
    {
        for (var i = 0; i < 14; i++)
        {
            throttle.RecordFailure($"guess-{i}", "10.0.0.7");
        }

        var sameAddress = throttle.Check("carol", "10.0.0.7");
        var elsewhere = throttle.Check("carol", "10.0.0.8");

        Assert.Null(sameAddress.LockedUntil);
        Assert.Equal(TimeSpan.FromMilliseconds(2500), sameAddress.Delay);
        Assert.Equal((null, TimeSpan.Zero), elsewhere);
    }

    [Fact]
    public void A_user_guessed_from_many_addresses_is_locked_everywhere()
    {
        for (var i = 0; i < 6; i++)
        {
            throttle.RecordFailure("dave", $"10.0.1.{i}");
        }

        Assert.Equal(clock.GetUtcNow().AddMinutes(15), throttle.Check("dave", "10.0.2.1").LockedUntil);
        Assert.Null(throttle.Check("erin", "10.0.1.1").LockedUntil);
    }
}
