namespace BackupRestore.Dashboard.Features.Targets;

/// <summary>
/// Follows a <see cref="TargetHealthSubscription"/> in the background, like the store's live feeds: waits for a
/// signal, lets the window collect the rest of the burst, then hands over once. The component decides whether
/// what it shows changed.
/// </summary>
internal sealed class HealthFeed : IAsyncDisposable
{
    private readonly TargetHealthSubscription subscription;
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;

    public HealthFeed(TargetHealthSubscription subscription, Func<Task> onChange, Func<Exception, Task> onError, TimeProvider time, TimeSpan window)
    {
        this.subscription = subscription;
        loop = RunAsync(onChange, onError, time, window, stop.Token);
    }

    private async Task RunAsync(Func<Task> onChange, Func<Exception, Task> onError, TimeProvider time, TimeSpan window, CancellationToken cancellationToken)
    {
        // Off the caller's synchronization context: the component's dispatcher is reached through onChange only.
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
                while (reader.TryRead(out _))
                {
                }
                try
                {
                    await onChange();
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
            // Cancelled while handing a change over.
        }
        stop.Dispose();
    }
}
