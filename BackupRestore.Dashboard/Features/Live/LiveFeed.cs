using BackupRestore.Dashboard.Features.Operations;

namespace BackupRestore.Dashboard.Features.Live;

/// <summary>
/// Reads a store subscription in the background and hands each burst of changes to its component. Bursts form by
/// themselves while the component is busy rendering; a window widens them for summaries (counts,
/// order) that need not follow every change at once.
/// </summary>
internal sealed class LiveFeed : IAsyncDisposable
{
    private readonly OperationSubscription subscription;
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;

    public LiveFeed(OperationSubscription subscription, Func<IReadOnlyList<StoreChanges>, Task> onBurst, Func<Exception, Task> onError, TimeProvider time, TimeSpan window)
    {
        this.subscription = subscription;
        loop = RunAsync(onBurst, onError, time, window, stop.Token);
    }

    private async Task RunAsync(Func<IReadOnlyList<StoreChanges>, Task> onBurst, Func<Exception, Task> onError, TimeProvider time, TimeSpan window, CancellationToken cancellationToken)
    {
        // Off the caller's synchronization context: the component's dispatcher is reached through onBurst only.
        await Task.Yield();
        var reader = subscription.Changes;
        try
        {
            while (await reader.WaitToReadAsync(cancellationToken))
            {
                if (window > TimeSpan.Zero)
                {
                    await Task.Delay(window, time, cancellationToken);
                }
                var burst = new List<StoreChanges>();
                while (reader.TryRead(out var changes))
                {
                    burst.Add(changes);
                }
                try
                {
                    await onBurst(burst);
                }
                catch (Exception e) when (e is not OperationCanceledException && !cancellationToken.IsCancellationRequested)
                {
                    await onError(e);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The component went away.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        subscription.Dispose();
        try
        {
            await loop;
        }
        catch (OperationCanceledException)
        {
            // Cancelled while handing a burst over.
        }
        stop.Dispose();
    }
}
