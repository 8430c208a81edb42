using BackupRestore.Dashboard.Features.Operations;
using Microsoft.AspNetCore.Components;

namespace BackupRestore.Dashboard.Features.Targets;

/// <summary>
/// Follows the whole store for one target's membership, order and states; tells the page when a state, the actions
/// offered or the membership changed, so that the panels reading the backend (offered actions, backups) read again.
/// </summary>
public sealed partial class TargetOperations
{
    /// <summary>Membership and order follow the store within this window (as the operations page's lists do).</summary>
    internal static readonly TimeSpan Window = TimeSpan.FromMilliseconds(250);

    /// <summary>Relative times on the cards are rendered again this often, all in one batch.</summary>
    internal static readonly TimeSpan TickEvery = TimeSpan.FromSeconds(30);

    private readonly Dictionary<string, Operation> current = new(StringComparer.Ordinal);
    private List<string> ordered = [];
    private ITimer? ticker;
    private int tick;

    [Parameter, EditorRequired] public string Target { get; set; } = "";

    /// <summary>A state, the actions offered or the membership of this target's operations changed.</summary>
    [Parameter] public EventCallback OnChanged { get; set; }

    protected override void OnInitialized()
    {
        foreach (var entry in Follow(null, Apply, Window))
        {
            if (Mine(entry.Operation))
            {
                current[entry.Operation.Id] = entry.Operation;
            }
        }
        ordered = Order();
        ticker = Time.CreateTimer(_ => _ = InvokeAsync(() =>
        {
            tick++;
            StateHasChanged();
        }), null, TickEvery, TickEvery);
    }

    private bool Mine(Operation operation) => string.Equals(operation.Target, Target, StringComparison.OrdinalIgnoreCase);

    private bool Apply(IReadOnlyList<StoreChanges> burst)
    {
        var changed = false;
        foreach (var changes in burst)
        {
            foreach (var entry in changes.Upserted.Where(e => Mine(e.Operation)))
            {
                var before = current.GetValueOrDefault(entry.Operation.Id);
                current[entry.Operation.Id] = entry.Operation;
                changed |= before is null || before.State != entry.Operation.State || !before.Actions.SequenceEqual(entry.Operation.Actions);
            }
            foreach (var id in changes.Removed)
            {
                changed |= current.Remove(id);
            }
        }
        if (!changed)
        {
            return false;
        }
        ordered = Order();
        _ = NotifyAsync();
        return true;
    }

    private List<string> Order() => current.Values
        .OrderBy(o => OperationRank.Priority(o.State))
        .ThenByDescending(o => o.StateSince ?? o.UpdatedAt)
        .ThenBy(o => o.Id, StringComparer.Ordinal)
        .Select(o => o.Id)
        .ToList();

    private async Task NotifyAsync()
    {
        try
        {
            await OnChanged.InvokeAsync();
        }
        catch (Exception e)
        {
            await DispatchExceptionAsync(e);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        if (ticker is not null)
        {
            await ticker.DisposeAsync();
        }
        await base.DisposeAsync();
    }
}
