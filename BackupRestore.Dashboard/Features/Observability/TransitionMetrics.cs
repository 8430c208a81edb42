using BackupRestore.Dashboard.Features.Operations;

namespace BackupRestore.Dashboard.Features.Observability;

/// <summary>
/// Counts state changes as the pollers apply them. An operation seen for the first time is not a transition:
/// after a restart every operation would otherwise count again.
/// </summary>
internal sealed class TransitionMetrics(DashboardMetrics metrics) : IChangeObserver
{
    public void Observe(StoreChanges changes)
    {
        foreach (var entry in changes.Upserted)
        {
            var now = entry.Operation;
            if (changes.Previous.TryGetValue(now.Id, out var before) && before.State != now.State)
            {
                metrics.Transition(now.System, now.Kind, now.State);
            }
        }
    }
}
