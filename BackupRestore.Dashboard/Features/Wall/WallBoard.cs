using BackupRestore.Dashboard.Components.Shared;
using BackupRestore.Dashboard.Features.Operations;

namespace BackupRestore.Dashboard.Features.Wall;

/// <summary>One count on top of the wall. A collapsed state's operations are this count instead of tiles.</summary>
public sealed record WallCount(OperationState State, int Count, bool Collapsed)
{
    /// <summary>"12 succeeded in the last 24 h", "3 idle"; tile states read "Failed 2" in the markup.</summary>
    public string Phrase => State switch
    {
        OperationState.Idle => $"{Count} idle",
        _ => $"{Count} {StateLabels.Label(State).ToLowerInvariant()} in the last {WallBoard.FinishedWindowText}",
    };
}

/// <summary>
/// What the wall shows for a view, pure: the operations that get a tile (what needs a human first, in the view's
/// order), and the counts on top. Finished operations (succeeded, cancelled) and idle ones collapse into counts
/// unless the view's state filter asks for them; failed ones always get a tile.
/// </summary>
public sealed record WallBoard(IReadOnlyList<string> Tiles, IReadOnlyList<WallCount> Counts)
{
    /// <summary>Succeeded and cancelled operations are counted over this window (they stay listed for the retention).</summary>
    public static readonly TimeSpan FinishedWindow = TimeSpan.FromHours(24);

    public const string FinishedWindowText = "24 h";

    public static WallBoard Empty { get; } = new([], []);

    /// <summary>The states that become a count rather than tiles when <paramref name="view"/> does not ask for them.</summary>
    public static bool Collapses(OperationState state, OperationsView view) =>
        state is OperationState.Succeeded or OperationState.Cancelled or OperationState.Idle && !view.States.Contains(state);

    public static WallBoard Build(IEnumerable<OperationEntry> entries, OperationsView view, DateTimeOffset now)
    {
        var anyState = view with { States = new HashSet<OperationState>() };
        var shown = entries.Where(e => anyState.Matches(e.Operation)).ToList();
        var tiles = shown
            .Where(e => view.Matches(e.Operation) && !Collapses(e.Operation.State, view))
            .Order(view.Comparer(now))
            .Select(e => e.Operation.Id)
            .ToList();
        var counts = new List<WallCount>();
        foreach (var state in StateLabels.Order)
        {
            if (view.States.Count > 0 && !view.States.Contains(state))
            {
                continue;
            }
            if (view.HideFinished && state is OperationState.Succeeded or OperationState.Cancelled)
            {
                continue;
            }
            var collapsed = Collapses(state, view);
            var count = shown.Count(e => e.Operation.State == state && (!collapsed || Recent(e, now)));
            counts.Add(new WallCount(state, count, collapsed));
        }
        return new WallBoard(tiles, counts);
    }

    /// <summary>Idle is a standing state: every idle one counts. Finished ones count while they are recent.</summary>
    private static bool Recent(OperationEntry entry, DateTimeOffset now) =>
        entry.Operation.State == OperationState.Idle
        || now - (entry.FinishedAt ?? entry.Operation.StateSince ?? entry.Operation.UpdatedAt) <= FinishedWindow;

    public bool SameAs(WallBoard other) => Tiles.SequenceEqual(other.Tiles, StringComparer.Ordinal) && Counts.SequenceEqual(other.Counts);
}
