using BackupRestore.Dashboard.Vendors;
using Microsoft.AspNetCore.Components;

namespace BackupRestore.Dashboard.Features.Operations;

/// <summary>
/// Follows the whole store for what the page itself shows (counts, membership, order); each visible row follows its
/// own operation. A burst that changes neither (a progress tick) does not render the page at all.
/// </summary>
public sealed partial class OperationsPage : IOperationGrid
{
    /// <summary>Relative times on screen are rendered again this often, all in one batch.</summary>
    internal static readonly TimeSpan TickEvery = TimeSpan.FromSeconds(30);

    private readonly Dictionary<string, Operation> current = new(StringComparer.Ordinal);
    private readonly HashSet<string> expanded = new(StringComparer.Ordinal);
    private readonly HashSet<string> collapsed = new(StringComparer.Ordinal);
    private readonly HashSet<string> collapsedGroups = new(StringComparer.Ordinal);
    private OperationsView view = OperationsView.Default;
    private IReadOnlyList<GridItem> items = [];
    private IReadOnlyDictionary<OperationState, int> counts = new Dictionary<OperationState, int>();
    private int shown;
    private int total;
    private int tick;
    private ITimer? ticker;

    [Inject] private NavigationManager Navigation { get; set; } = default!;

    [Inject] private VendorRegistry Vendors { get; set; } = default!;

    [Inject] private Microsoft.Extensions.Options.IOptions<Components.LiveOptions> Live { get; set; } = default!;

    private string WallLink => "/wall" + view.ToQuery();

    protected override void OnInitialized()
    {
        foreach (var entry in Follow(null, Apply, Live.Value.SummaryWindow))
        {
            current[entry.Operation.Id] = entry.Operation;
        }
        ticker = Time.CreateTimer(_ => _ = InvokeAsync(() =>
        {
            tick++;
            StateHasChanged();
        }), null, TickEvery, TickEvery);
        Navigation.LocationChanged += OnLocationChanged;
        ReadView();
    }

    private void OnLocationChanged(object? sender, Microsoft.AspNetCore.Components.Routing.LocationChangedEventArgs e)
    {
        if (new Uri(e.Location).AbsolutePath == "/")
        {
            ReadView();
            StateHasChanged();
        }
    }

    private void ReadView()
    {
        view = OperationsView.FromQuery(new Uri(Navigation.Uri).Query);
        Rebuild();
    }

    private Task ShowAsync(OperationsView next)
    {
        Navigation.NavigateTo("/" + next.ToQuery(), replace: true);
        return Task.CompletedTask;
    }

    /// <summary>Applies a burst; true when the page itself must render (membership, counts, order or grouping changed).</summary>
    private bool Apply(IReadOnlyList<StoreChanges> burst)
    {
        var dirty = false;
        foreach (var changes in burst)
        {
            foreach (var entry in changes.Upserted)
            {
                var before = current.GetValueOrDefault(entry.Operation.Id);
                current[entry.Operation.Id] = entry.Operation;
                dirty |= before is null || ShapeChanged(before, entry.Operation);
            }
            foreach (var id in changes.Removed)
            {
                dirty |= current.Remove(id);
            }
        }
        if (dirty)
        {
            Rebuild();
        }
        return dirty;
    }

    /// <summary>Whether a new snapshot moves the operation in this page's view (not whether its row changes).</summary>
    private bool ShapeChanged(Operation before, Operation after) =>
        before.State != after.State || before.Target != after.Target || before.System != after.System || before.Kind != after.Kind
        || view.Sort switch
        {
            OperationSort.Progress => before.Progress != after.Progress,
            OperationSort.TimeInState => before.StateSince != after.StateSince,
            _ => false,
        };

    private void Rebuild()
    {
        var unfiltered = view with { States = new HashSet<OperationState>() };
        counts = current.Values.Where(unfiltered.Matches).GroupBy(o => o.State).ToDictionary(g => g.Key, g => g.Count());
        items = GridItems.Build(current.Values, view, Time.GetUtcNow(), collapsedGroups);
        total = current.Count;
        shown = items.Count(i => i is OperationItem);
    }

    private bool IsExpanded(string operationId) =>
        expanded.Contains(operationId)
        || (!collapsed.Contains(operationId) && current.TryGetValue(operationId, out var operation) && OperationRank.NeedsHuman(operation.State));

    public void Toggle(string operationId)
    {
        if (IsExpanded(operationId))
        {
            expanded.Remove(operationId);
            collapsed.Add(operationId);
        }
        else
        {
            collapsed.Remove(operationId);
            expanded.Add(operationId);
        }
        StateHasChanged();
    }

    public void Expand(string operationId)
    {
        collapsed.Remove(operationId);
        expanded.Add(operationId);
        StateHasChanged();
    }

    public void ToggleGroup(string groupKey)
    {
        if (!collapsedGroups.Remove(groupKey))
        {
            collapsedGroups.Add(groupKey);
        }
        Rebuild();
        StateHasChanged();
    }

    public override async ValueTask DisposeAsync()
    {
        Navigation.LocationChanged -= OnLocationChanged;
        if (ticker is not null)
        {
            await ticker.DisposeAsync();
        }
        await base.DisposeAsync();
    }
}
