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
    /// snapshot. <paramref name="apply"/> runs on the component's dispatcher and returns whether to render again.
    /// </summary>
    private protected IReadOnlyList<OperationEntry> Follow(string? operationId, Func<IReadOnlyList<StoreChanges>, bool> apply, TimeSpan window = default)
    {
        var subscription = Store.Subscribe(operationId);
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
        return subscription.Snapshot;
    }

    /// <summary>Stops every subscription of this component (before following something else).</summary>
    private protected async Task UnfollowAsync()
    {
        foreach (var feed in feeds)
        {
            await feed.DisposeAsync();
        }
        feeds.Clear();
    }

    public virtual async ValueTask DisposeAsync()
    {
        await UnfollowAsync();
        GC.SuppressFinalize(this);
    }
}
