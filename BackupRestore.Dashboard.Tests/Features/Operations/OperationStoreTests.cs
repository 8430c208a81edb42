using BackupRestore.Dashboard.Features.Operations;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using static BackupRestore.Dashboard.Tests.Features.Operations.OperationExamples;

namespace BackupRestore.Dashboard.Tests.Features.Operations;

/// <summary>Change detection, subscriptions (snapshot then changes, per operation or all), and time in state.</summary>
public sealed class OperationStoreTests
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero));
    private readonly OperationStore store;

    public OperationStoreTests() => store = new OperationStore(time, Options.Create(new OperationsOptions()));

    [Fact]
    public void A_subscriber_gets_the_snapshot_then_every_change_in_order()
    {
        store.Apply("a", [Of("a", OperationState.Running, progress: 10)]);
        using var all = store.Subscribe();

        store.Apply("a", [Of("a", OperationState.Running, progress: 20)]);
        store.Apply("b", [Of("b", OperationState.Failed)]);

        Assert.Equal(["a:op"], all.TakeSnapshot().Select(e => e.Operation.Id));
        // Given once: a subscription kept for a circuit's life must not keep the first version of every operation.
        Assert.Empty(all.TakeSnapshot());
        Assert.True(all.Changes.TryRead(out var first));
        Assert.True(all.Changes.TryRead(out var second));
        Assert.Equal(20, first!.Upserted.Single().Operation.Progress);
        Assert.Equal("b:op", second!.Upserted.Single().Operation.Id);
        Assert.True(second.Upserted[0].Version > first.Upserted[0].Version);
    }

    [Fact]
    public void A_subscriber_of_one_operation_hears_about_that_one_only()
    {
        store.Apply("a", [Of("a", OperationState.Running, progress: 10)]);
        using var one = store.Subscribe("a:op");

        store.Apply("b", [Of("b", OperationState.Running)]);
        store.Apply("a", [Of("a", OperationState.Running, progress: 30)]);
        store.Apply("a", []);

        Assert.Equal(10, one.TakeSnapshot().Single().Operation.Progress);
        Assert.True(one.Changes.TryRead(out var progressed));
        Assert.Equal(30, progressed!.Upserted.Single().Operation.Progress);
        Assert.True(one.Changes.TryRead(out var removed));
        Assert.Equal(["a:op"], removed!.Removed);
        Assert.False(one.Changes.TryRead(out _));
    }

    [Fact]
    public void A_filtered_subscriber_hears_the_upserts_it_asks_for_new_operations_and_every_removal()
    {
        store.Apply("a", [Of("a", OperationState.Running, progress: 10)]);
        using var states = store.Subscribe(relevant: (before, after) => before is null || before.State != after.State);

        store.Apply("a", [Of("a", OperationState.Running, progress: 20)]);
        store.Apply("b", [Of("b", OperationState.Running)]);
        store.Apply("a", [Of("a", OperationState.Failed, progress: 20)]);
        store.Apply("b", []);

        Assert.True(states.Changes.TryRead(out var added));
        Assert.Equal("b:op", added!.Upserted.Single().Operation.Id);
        Assert.True(states.Changes.TryRead(out var failed));
        Assert.Equal(OperationState.Failed, failed!.Upserted.Single().Operation.State);
        Assert.True(states.Changes.TryRead(out var removed));
        Assert.Equal(["b:op"], removed!.Removed);
        Assert.False(states.Changes.TryRead(out _));
    }

    [Fact]
    public void A_targets_operations_are_found_by_its_name_in_any_case_and_leave_with_them()
    {
        store.Apply("Alpha", [Of("Alpha", OperationState.Running), Of("Alpha", OperationState.Running) with { Id = "Alpha:second" }]);
        store.Apply("beta", [Of("beta", OperationState.Failed)]);

        Assert.Equal(["Alpha:op", "Alpha:second"], store.OfTarget("alpha").Select(e => e.Operation.Id).Order(StringComparer.Ordinal));
        Assert.Equal(["beta:op"], store.OfTarget("BETA").Select(e => e.Operation.Id));

        store.Apply("Alpha", [Of("Alpha", OperationState.Running)]);
        Assert.Equal(["Alpha:op"], store.OfTarget("Alpha").Select(e => e.Operation.Id));
        store.Apply("Alpha", []);
        Assert.Empty(store.OfTarget("Alpha"));
        Assert.Null(store.Find("Alpha:op"));
        Assert.Equal(["beta:op"], store.OfTarget("beta").Select(e => e.Operation.Id));
    }

    [Fact]
    public void The_version_a_subscriber_hears_about_is_the_stores_version_by_then()
    {
        using var all = store.Subscribe();

        store.Apply("a", [Of("a", OperationState.Running, progress: 10), Of("a", OperationState.Running) with { Id = "a:second" }]);

        Assert.True(all.Changes.TryRead(out var changes));
        // A page that heard of a change and then reads Version builds its list from entries that hold that change.
        Assert.Equal(changes!.Upserted.Max(e => e.Version), store.Version);
        store.Apply("a", [Of("a", OperationState.Running, progress: 10)]);
        Assert.True(all.Changes.TryRead(out var removal));
        Assert.Equal(["a:second"], removal!.Removed);
        Assert.True(store.Version > changes.Upserted.Max(e => e.Version));
    }

    [Fact]
    public void The_same_poll_result_changes_nothing_and_tells_nobody()
    {
        store.Apply("a", [Of("a", OperationState.Running, progress: 10)]);
        using var all = store.Subscribe();
        var version = store.Version;

        var changes = store.Apply("a", [Of("a", OperationState.Running, progress: 10)]);

        Assert.True(changes.IsEmpty);
        Assert.Equal(version, store.Version);
        Assert.False(all.Changes.TryRead(out _));
    }

    [Fact]
    public void A_disposed_subscription_is_forgotten_and_no_poll_waits_for_a_reader()
    {
        var subscription = store.Subscribe("a:op");
        var unread = store.Subscribe();
        Assert.Equal(2, store.SubscriberCount);

        subscription.Dispose();
        for (var i = 0; i < 1000; i++)
        {
            store.Apply("a", [Of("a", OperationState.Running, progress: i % 100)]);
        }

        var waiting = 0;
        while (unread.Changes.TryRead(out _))
        {
            waiting++;
        }

        Assert.Equal(1, store.SubscriberCount);
        Assert.True(waiting > 900, $"{waiting} changes were waiting");
        unread.Dispose();
        Assert.Equal(0, store.SubscriberCount);
    }

    [Fact]
    public void Time_in_state_is_the_vendors_when_it_gives_one()
    {
        var ended = time.GetUtcNow().AddMinutes(-44);

        store.Apply("a", [Of("a", OperationState.Succeeded) with { StateSince = ended }]);
        var operation = store.Find("a:op")!.Operation;

        Assert.Equal(ended, operation.StateSince);
        Assert.False(operation.StateSinceObserved);
        Assert.Equal("44 min", TimeInState.Format(operation, time.GetUtcNow()));
    }

    [Fact]
    public void Without_a_vendor_time_it_is_when_the_dashboard_first_saw_the_state_and_says_at_least()
    {
        store.Apply("a", [Of("a", OperationState.Running, progress: 10)]);
        var seen = time.GetUtcNow();
        time.Advance(TimeSpan.FromMinutes(5));
        store.Apply("a", [Of("a", OperationState.Running, progress: 50)]);
        time.Advance(TimeSpan.FromMinutes(1));

        var operation = store.Find("a:op")!.Operation;

        Assert.Equal(seen, operation.StateSince);
        Assert.True(operation.StateSinceObserved);
        Assert.Equal("≥ 6 min", TimeInState.Format(operation, time.GetUtcNow()));
    }
}
