namespace BackupRestore.Dashboard.Features.Operations;

/// <summary>What the main page shows for a view: its lines, the counts per state for its chips, how many match.</summary>
public sealed record BuiltView(IReadOnlyList<GridItem> Items, IReadOnlyDictionary<OperationState, int> Counts, int Shown, int Total);

/// <summary>
/// The main page's list for a view, built once per store version and shared by every circuit that shows the same
/// view. A change of state reaches every open page at the same moment; without this, each of them filtered and sorted
/// all operations again for the same answer. Nothing here is mutated after it is built.
/// </summary>
public sealed class OperationViews(OperationStore store, TimeProvider time)
{
    // Far more than the distinct views open at once; past it the memo starts over rather than growing.
    private const int MaxViews = 64;

    private readonly Lock gate = new();
    private readonly Dictionary<string, (long Version, BuiltView View)> built = new(StringComparer.Ordinal);

    /// <summary>
    /// The list for <paramref name="view"/> as the store is now. A circuit with collapsed groups builds its own (the
    /// collapsed groups are its alone).
    /// </summary>
    public BuiltView For(OperationsView view, IReadOnlySet<string> collapsedGroups)
    {
        // Read before the entries: what they list then includes at least every change up to this version, so a page
        // that heard of a change always gets a list that has it.
        var version = store.Version;
        if (collapsedGroups.Count > 0)
        {
            return Build(view, collapsedGroups);
        }
        var key = view.ToQuery();
        lock (gate)
        {
            if (built.TryGetValue(key, out var known) && known.Version >= version)
            {
                return known.View;
            }
        }
        var fresh = Build(view, collapsedGroups);
        lock (gate)
        {
            if (built.TryGetValue(key, out var known) && known.Version >= version)
            {
                return known.View;
            }
            if (built.Count >= MaxViews)
            {
                built.Clear();
            }
            built[key] = (version, fresh);
        }
        return fresh;
    }

    private BuiltView Build(OperationsView view, IReadOnlySet<string> collapsedGroups)
    {
        var operations = store.Current;
        var unfiltered = view with { States = new HashSet<OperationState>() };
        var counts = new Dictionary<OperationState, int>();
        foreach (var entry in operations)
        {
            if (unfiltered.Matches(entry.Operation))
            {
                counts[entry.Operation.State] = counts.GetValueOrDefault(entry.Operation.State) + 1;
            }
        }
        var items = GridItems.Build(operations, view, time.GetUtcNow(), collapsedGroups);
        var shown = view.Group == OperationGrouping.None ? items.Count : items.Count(i => i is OperationItem);
        return new BuiltView(items, counts, shown, operations.Count);
    }
}
