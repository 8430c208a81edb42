using BackupRestore.Dashboard.Features.Operations;
using Microsoft.AspNetCore.Components;

namespace BackupRestore.Dashboard.Features.Live;

/// <summary>
/// A component that follows the store: it subscribes for exactly what it shows (one operation, or the whole store
/// for lists and counts), applies each burst of changes, and renders again only when what it shows changed.
/// </summary>
public abstract class LiveComponent : ComponentBase, IAsyncDisposable
{
    private readonly List<LiveFeed> feeds = [];

    [Inject] private protected OperationStore Store { get; set; } = default!;

    [Inject] private protected TimeProvider Time { get; set; } = default!;

    [Inject] private protected LiveStats Stats { get; set; } = default!;

    /// <summary>
    /// Subscribes to one operation (or the whole store when <paramref name="operationId"/> is null) and returns the
    /// snapshot. <paramref name="apply"/> runs on the component's dispatcher and returns whether to render again;
    /// a whole-store follower hears only the upserts that are <paramref name="relevant"/> (and every removal).
    /// </summary>
    private protected IReadOnlyList<OperationEntry> Follow(string? operationId, Func<IReadOnlyList<StoreChanges>, bool> apply, TimeSpan window = default,
        ChangeFilter? relevant = null)
    {
        var subscription = Store.Subscribe(operationId, relevant);
        var summary = operationId is null;
        feeds.Add(new LiveFeed(
            subscription,
            burst => InvokeAsync(() =>
            {
                if (apply(burst))
                {
                    if (summary)
                    {
                        Stats.SummaryRendered();
                    }
                    else
                    {
                        Stats.OperationRendered();
                    }
                    StateHasChanged();
                }
            }),
            DispatchExceptionAsync,
            Time,
            window));
        return subscription.TakeSnapshot();
    }

    /// <summary>
    /// Stops every subscription this component has now. The feeds leave the component at once; their reading loops
    /// end in the background of the returned task, so a new subscription can start before the old one is gone.
    /// </summary>
    private protected Task UnfollowAsync()
    {
        var stopping = feeds.ToList();
        feeds.Clear();
        return Task.WhenAll(stopping.Select(f => f.DisposeAsync().AsTask()));
    }

    public virtual async ValueTask DisposeAsync()
    {
        await UnfollowAsync();
        GC.SuppressFinalize(this);
    }
}
