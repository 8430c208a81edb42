using BackupRestore.Dashboard.Vendors;
using Microsoft.AspNetCore.Components;

namespace BackupRestore.Dashboard.Features.Operations;

/// <summary>
/// Follows the whole store for what the page itself shows (counts, membership, order); each visible row follows its
/// own operation. A burst that changes neither (a progress tick) does not render the page at all.
/// </summary>
public sealed partial class OperationsPage : IOperationGrid
{
    /// <summary>Relative times on screen are checked this often, all in one batch.</summary>
    internal static readonly TimeSpan TickEvery = TimeSpan.FromSeconds(30);

    private readonly HashSet<string> expanded = new(StringComparer.Ordinal);
    private readonly HashSet<string> collapsed = new(StringComparer.Ordinal);
    private readonly HashSet<string> collapsedGroups = new(StringComparer.Ordinal);
    private OperationsView view = OperationsView.Default;
    private IReadOnlyList<GridItem> items = [];
    private IReadOnlyDictionary<OperationState, int> counts = new Dictionary<OperationState, int>();
    private int shown;
    private int total;
    private IReadOnlyList<string> systems = [];
    private int following;

    [Inject] private NavigationManager Navigation { get; set; } = default!;

    [Inject] private VendorRegistry Vendors { get; set; } = default!;

    [Inject] private OperationViews Views { get; set; } = default!;

    [Inject] private Microsoft.Extensions.Options.IOptions<Components.LiveOptions> Live { get; set; } = default!;

    private string WallLink => "/wall" + view.ToQuery();

    protected override void OnInitialized()
    {
        systems = Vendors.Systems.Order(StringComparer.Ordinal).ToList();
        view = OperationsView.FromQuery(new Uri(Navigation.Uri).Query);
        FollowView();
        Navigation.LocationChanged += OnLocationChanged;
    }

    /// <summary>
    /// Follows the store for what this view's shape depends on: membership, state, the filtered fields and the sorted
    /// one. A progress tick reaches the rows that show it, not the page (with 60 tabs open, every change would
    /// otherwise wake 60 pages). The page keeps no copy of the operations: it reads the store's own entries when it
    /// builds its list, so a circuit never holds versions the store has replaced.
    /// </summary>
    private void FollowView()
    {
        var generation = ++following;
        var shape = view;
        // A burst the previous subscription had already handed over is older than this view: it is dropped.
        _ = Follow(null, burst => generation == following && Apply(burst), Live.Value.SummaryWindow,
            (before, after) => before is null || ShapeChanged(shape, before, after));
        Rebuild();
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
        var next = OperationsView.FromQuery(new Uri(Navigation.Uri).Query);
        var sortChanged = next.Sort != view.Sort;
        view = next;
        if (sortChanged)
        {
            _ = UnfollowAsync();
            FollowView();
        }
        else
        {
            Rebuild();
        }
    }

    private Task ShowAsync(OperationsView next)
    {
        Navigation.NavigateTo("/" + next.ToQuery(), replace: true);
        return Task.CompletedTask;
    }

    /// <summary>A burst of what moved in this view (the subscription's filter chose it): the list is built again.</summary>
    private bool Apply(IReadOnlyList<StoreChanges> burst)
    {
        if (burst.All(c => c.IsEmpty))
        {
            return false;
        }
        Rebuild();
        return true;
    }

    /// <summary>Whether a new snapshot can move the operation in <paramref name="view"/> (not whether its row changes).</summary>
    internal static bool ShapeChanged(OperationsView view, Operation before, Operation after) =>
        before.State != after.State || before.Target != after.Target || before.System != after.System || before.Kind != after.Kind
        || view.Sort switch
        {
            OperationSort.Progress => before.Progress != after.Progress,
            OperationSort.TimeInState => before.StateSince != after.StateSince,
            _ => false,
        };

    private void Rebuild()
    {
        var built = Views.For(view, collapsedGroups);
        (items, counts, shown, total) = (built.Items, built.Counts, built.Shown, built.Total);
    }

    private bool IsExpanded(string operationId) =>
        expanded.Contains(operationId)
        || (!collapsed.Contains(operationId) && Store.Find(operationId) is { } entry && OperationRank.NeedsHuman(entry.Operation.State));

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

    public override ValueTask DisposeAsync()
    {
        Navigation.LocationChanged -= OnLocationChanged;
        return base.DisposeAsync();
    }
}
