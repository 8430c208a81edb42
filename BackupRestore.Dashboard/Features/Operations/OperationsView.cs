using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;

namespace BackupRestore.Dashboard.Features.Operations;

public enum OperationGrouping
{
    None,
    System,
    Target,
    State,
}

public enum OperationSort
{
    Priority,
    Target,
    System,
    Kind,
    State,
    Progress,
    TimeInState,
}

/// <summary>
/// What the main page (and a wall) shows: filter, grouping and sort, all in the query string so that a link reopens
/// the same view (<c>?system=nsx&amp;state=failed,suspended&amp;target=east&amp;finished=hide&amp;group=system&amp;sort=target&amp;dir=desc</c>).
/// </summary>
public sealed record OperationsView(
    IReadOnlySet<string> Systems,
    IReadOnlySet<OperationState> States,
    string? Target,
    bool HideFinished,
    OperationGrouping Group,
    OperationSort Sort,
    bool Descending)
{
    public static OperationsView Default { get; } = new(new HashSet<string>(), new HashSet<OperationState>(), null, false, OperationGrouping.None, OperationSort.Priority, false);

    public bool IsFiltered => Systems.Count > 0 || States.Count > 0 || Target is not null || HideFinished;

    public static OperationsView FromQuery(string? query)
    {
        var values = QueryHelpers.ParseQuery(query);
        string? One(string key) => values.TryGetValue(key, out var v) && v.Count > 0 ? v[^1] : null;
        IEnumerable<string> Many(string key) => values.TryGetValue(key, out var v)
            ? v.SelectMany(s => (s ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            : [];
        return new OperationsView(
            Many("system").Select(s => s.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal),
            Many("state").Select(ParseState).OfType<OperationState>().ToHashSet(),
            string.IsNullOrWhiteSpace(One("target")) ? null : One("target")!.Trim(),
            One("finished") == "hide",
            Enum.TryParse<OperationGrouping>(One("group"), ignoreCase: true, out var group) ? group : OperationGrouping.None,
            Enum.TryParse<OperationSort>(One("sort"), ignoreCase: true, out var sort) ? sort : OperationSort.Priority,
            One("dir") == "desc");
    }

    /// <summary>The query string for this view ("" for the default view), in a stable order.</summary>
    public string ToQuery()
    {
        var parts = new List<string>();
        if (Systems.Count > 0)
        {
            parts.Add("system=" + Uri.EscapeDataString(string.Join(',', Systems.Order(StringComparer.Ordinal))));
        }
        if (States.Count > 0)
        {
            parts.Add("state=" + string.Join(',', States.Order().Select(Name)));
        }
        if (Target is not null)
        {
            parts.Add("target=" + Uri.EscapeDataString(Target));
        }
        if (HideFinished)
        {
            parts.Add("finished=hide");
        }
        if (Group != OperationGrouping.None)
        {
            parts.Add("group=" + Group.ToString().ToLowerInvariant());
        }
        if (Sort != OperationSort.Priority)
        {
            parts.Add("sort=" + Sort.ToString().ToLowerInvariant());
        }
        if (Descending)
        {
            parts.Add("dir=desc");
        }
        return parts.Count == 0 ? "" : "?" + string.Join('&', parts);
    }

    public bool Matches(Operation operation) =>
        (Systems.Count == 0 || Systems.Contains(operation.System))
        && (States.Count == 0 || States.Contains(operation.State))
        && (Target is null || operation.Target.Contains(Target, StringComparison.OrdinalIgnoreCase))
        && !(HideFinished && operation.IsFinished && !OperationRank.NeedsHuman(operation.State));

    /// <summary>Clicking a column: sort by it, or flip the direction when it already sorts.</summary>
    public OperationsView SortedBy(OperationSort sort) => sort == Sort ? this with { Descending = !Descending } : this with { Sort = sort, Descending = false };

    public OperationsView Toggle(OperationState state)
    {
        var states = States.ToHashSet();
        if (!states.Remove(state))
        {
            states.Add(state);
        }
        return this with { States = states };
    }

    public static string Name(OperationState state) => state.ToString().ToLowerInvariant();

    private static OperationState? ParseState(string value) =>
        Enum.TryParse<OperationState>(value, ignoreCase: true, out var state) && Enum.IsDefined(state) ? state : null;

    /// <summary>
    /// The order for <see cref="Sort"/>; what needs a human always comes first, and the entry's precomputed rank breaks
    /// ties (every circuit sorts hundreds of entries whenever the membership or order of its view changes: a
    /// comparison must not allocate).
    /// </summary>
    public IComparer<OperationEntry> Comparer(DateTimeOffset now) => Comparer<OperationEntry>.Create((x, y) =>
    {
        var (a, b) = (x.Operation, y.Operation);
        var tier = NeedsHumanFirst(a).CompareTo(NeedsHumanFirst(b));
        if (tier != 0)
        {
            return tier;
        }
        var byKey = Sort switch
        {
            OperationSort.Target => string.Compare(a.Target, b.Target, StringComparison.OrdinalIgnoreCase),
            OperationSort.System => string.Compare(a.System, b.System, StringComparison.Ordinal),
            OperationSort.Kind => string.Compare(a.Kind, b.Kind, StringComparison.Ordinal),
            OperationSort.State => OperationRank.Priority(a.State).CompareTo(OperationRank.Priority(b.State)),
            OperationSort.Progress => (a.Progress ?? -1).CompareTo(b.Progress ?? -1),
            OperationSort.TimeInState => (now - (a.StateSince ?? now)).CompareTo(now - (b.StateSince ?? now)),
            _ => OperationRank.Priority(a.State).CompareTo(OperationRank.Priority(b.State)),
        };
        byKey = Descending ? -byKey : byKey;
        return byKey != 0 ? byKey : string.CompareOrdinal(x.Rank, y.Rank);
    });

    private static int NeedsHumanFirst(Operation operation) => OperationRank.NeedsHuman(operation.State) ? 0 : 1;

    public string GroupKey(Operation operation) => Group switch
    {
        OperationGrouping.System => operation.System,
        OperationGrouping.Target => operation.Target,
        OperationGrouping.State => Name(operation.State),
        _ => "",
    };

    public static string Describe(OperationGrouping group, string key) => group switch
    {
        OperationGrouping.System => SystemLabels.Of(key),
        OperationGrouping.State => Enum.TryParse<OperationState>(key, true, out var s) ? Components.Shared.StateLabels.Label(s) : key,
        _ => key,
    };

    public static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
