using BackupRestore.Dashboard.Features.Live;
using BackupRestore.Dashboard.Features.Operations;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using static BackupRestore.Dashboard.Tests.Features.Operations.OperationExamples;

namespace BackupRestore.Dashboard.Tests.Features.Live;

/// <summary>A component's feed: bursts within the window arrive as one, and disposing stops it.</summary>
public sealed class LiveFeedTests
{
    [Fact]
    public async Task Changes_within_the_window_arrive_as_one_burst()
    {
        var time = new SignalingTimeProvider();
        var store = new OperationStore(time, Options.Create(new OperationsOptions()));
        var bursts = new List<IReadOnlyList<StoreChanges>>();
        var delivered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var feed = new LiveFeed(store.Subscribe(), burst =>
        {
            bursts.Add(burst);
            delivered.TrySetResult();
            return Task.CompletedTask;
        }, _ => Task.CompletedTask, time, TimeSpan.FromMilliseconds(250));

        store.Apply("a", [Of("a", OperationState.Running, progress: 10)]);
        await time.TimerCreated.WaitAsync(TimeSpan.FromSeconds(10));
        store.Apply("a", [Of("a", OperationState.Running, progress: 20)]);
        store.Apply("b", [Of("b", OperationState.Running)]);
        time.Advance(TimeSpan.FromMilliseconds(250));
        await delivered.Task.WaitAsync(TimeSpan.FromSeconds(10));

        var burst = Assert.Single(bursts);
        Assert.Equal(3, burst.Count);
    }

    [Fact]
    public async Task A_disposed_feed_unsubscribes_and_delivers_nothing_more()
    {
        var store = new OperationStore(TimeProvider.System, Options.Create(new OperationsOptions()));
        var delivered = 0;
        var feed = new LiveFeed(store.Subscribe(), _ =>
        {
            delivered++;
            return Task.CompletedTask;
        }, _ => Task.CompletedTask, TimeProvider.System, TimeSpan.Zero);

        await feed.DisposeAsync();
        store.Apply("a", [Of("a", OperationState.Running)]);

        Assert.Equal(0, store.SubscriberCount);
        Assert.Equal(0, delivered);
    }

    /// <summary>A fake clock that says when a timer is created, so a test advances it only once the feed waits on it.</summary>
    private sealed class SignalingTimeProvider : FakeTimeProvider
    {
        private readonly TaskCompletionSource created = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task TimerCreated => created.Task;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            created.TrySetResult();
            return timer;
        }
    }
}
