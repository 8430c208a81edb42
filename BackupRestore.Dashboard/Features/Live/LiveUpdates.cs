using System.Collections.Concurrent;
using BackupRestore.Dashboard.Features.Operations;
using Microsoft.AspNetCore.SignalR;

namespace BackupRestore.Dashboard.Features.Live;

/// <summary>
/// Turns store changes into pushes: each changed card is rendered exactly once, whatever the number of browsers,
/// and the same HTML serves every push and every catch-up of that version.
/// </summary>
internal sealed class LiveUpdates(FragmentRenderer renderer, OperationStore store, IHubContext<DashboardHub, IDashboardClient> hub)
{
    private readonly ConcurrentDictionary<string, (long Version, Lazy<Task<string>> Html)> cards = new(StringComparer.Ordinal);
    private readonly Lock summaryGate = new();
    private (string Key, Lazy<Task<string>> Html)? summary;

    public async Task PublishAsync(StoreChanges changes, CancellationToken cancellationToken)
    {
        if (changes.IsEmpty)
        {
            return;
        }
        foreach (var entry in changes.Upserted)
        {
            await hub.Clients.All.OperationChanged(await FragmentOfAsync(entry));
        }
        foreach (var id in changes.Removed)
        {
            cards.TryRemove(id, out _);
            await hub.Clients.All.OperationRemoved(id, store.Version);
        }
        var before = summary?.Key;
        var html = await SummaryHtmlAsync();
        if (before != summary?.Key)
        {
            await hub.Clients.All.SummaryChanged(html);
        }
        cancellationToken.ThrowIfCancellationRequested();
    }

    public async Task<OperationFragment> FragmentOfAsync(OperationEntry entry)
    {
        var slot = cards.AddOrUpdate(
            entry.Operation.Id,
            _ => (entry.Version, Render(entry)),
            (_, existing) => existing.Version >= entry.Version ? existing : (entry.Version, Render(entry)));
        // A newer snapshot may have been rendered meanwhile: hand out the newest card, never an older one.
        return new OperationFragment(entry.Operation.Id, slot.Version, OperationRank.Of(entry.Operation), await slot.Html.Value);
    }

    /// <summary>The counts header, rendered again only when a count changed.</summary>
    public Task<string> SummaryHtmlAsync()
    {
        var counts = store.Counts();
        var key = string.Join(',', Enum.GetValues<OperationState>().Select(s => counts.GetValueOrDefault(s)));
        Lazy<Task<string>> html;
        lock (summaryGate)
        {
            if (summary is not { } current || current.Key != key)
            {
                summary = current = (key, new Lazy<Task<string>>(() => renderer.RenderAsync<SummaryBar>(
                    new Dictionary<string, object?> { [nameof(SummaryBar.Counts)] = counts })));
            }
            html = current.Html;
        }
        return html.Value;
    }

    private Lazy<Task<string>> Render(OperationEntry entry) => new(() => renderer.RenderAsync<OperationCard>(
        new Dictionary<string, object?>
        {
            [nameof(OperationCard.Operation)] = entry.Operation,
            [nameof(OperationCard.Version)] = entry.Version,
        }));
}
