namespace BackupRestore.Dashboard.Features.Operations;

/// <summary>One line of the operations grid: a group's header or an operation. Value-equal, so rows keep their components.</summary>
public abstract record GridItem(string Key);

public sealed record GroupItem(string Key, string Label, int Count, int NeedHuman, bool Collapsed) : GridItem("group:" + Key)
{
    public string GroupKey => Key["group:".Length..];
}

public sealed record OperationItem(string OperationId) : GridItem(OperationId);

/// <summary>Builds the grid's lines for a view: filtered, what needs a human first, sorted, grouped.</summary>
public static class GridItems
{
    public static IReadOnlyList<GridItem> Build(IEnumerable<OperationEntry> entries, OperationsView view, DateTimeOffset now, IReadOnlySet<string> collapsedGroups)
    {
        // Every circuit on the main page runs this on each change of its list: one pass to filter, an in-place sort.
        var matching = new List<OperationEntry>(entries.TryGetNonEnumeratedCount(out var count) ? count : 0);
        foreach (var entry in entries)
        {
            if (view.Matches(entry.Operation))
            {
                matching.Add(entry);
            }
        }
        matching.Sort(view.Comparer(now));
        if (view.Group == OperationGrouping.None)
        {
            return matching.ConvertAll(e => (GridItem)new OperationItem(e.Operation.Id));
        }
        var sorted = matching.ConvertAll(e => e.Operation);
        var items = new List<GridItem>(sorted.Count + 16);
        var groups = sorted.GroupBy(view.GroupKey).OrderBy(g => GroupOrder(view.Group, g.Key), StringComparer.Ordinal);
        foreach (var group in groups)
        {
            var collapsed = collapsedGroups.Contains(group.Key);
            items.Add(new GroupItem(group.Key, OperationsView.Describe(view.Group, group.Key), group.Count(),
                group.Count(o => OperationRank.NeedsHuman(o.State)), collapsed));
            if (!collapsed)
            {
                items.AddRange(group.Select(o => new OperationItem(o.Id)));
            }
        }
        return items;
    }

    private static string GroupOrder(OperationGrouping grouping, string key) => grouping == OperationGrouping.State
        && Enum.TryParse<OperationState>(key, true, out var state)
            ? OperationRank.Priority(state).ToString(System.Globalization.CultureInfo.InvariantCulture)
            : key.ToLowerInvariant();
}
