using BackupRestore.Dashboard.Features.Operations;
using BackupRestore.Dashboard.Features.Wall;
using BackupRestore.Dashboard.Tests.Infrastructure;

namespace BackupRestore.Dashboard.Tests.Features.Wall;

/// <summary>What the wall shows for a view, without rendering: collapsed states, the 24-hour window, hidden finished ones.</summary>
public sealed class WallBoardTests
{
    private static readonly DateTimeOffset Now = DashboardTestContext.Start;

    /// <summary>The view's states → which states collapse into a count.</summary>
    public static TheoryData<string, OperationState[]> Collapsed => new()
    {
        { "", [OperationState.Succeeded, OperationState.Cancelled, OperationState.Idle] },
        { "?state=succeeded", [] },
        { "?state=succeeded,idle", [] },
        { "?system=nsx", [OperationState.Succeeded, OperationState.Cancelled, OperationState.Idle] },
    };

    [Theory]
    [MemberData(nameof(Collapsed))]
    public void Finished_and_idle_states_collapse_unless_the_view_asks_for_them(string query, OperationState[] collapsed)
    {
        var view = OperationsView.FromQuery(query);

        var board = WallBoard.Build(Enum.GetValues<OperationState>().Select(s => Entry(s.ToString(), s)), view, Now);

        Assert.Equal(collapsed.Order(), board.Counts.Where(c => c.Collapsed).Select(c => c.State).Order());
        Assert.Equal(board.Tiles.Count, board.Counts.Where(c => !c.Collapsed).Sum(c => c.Count));
        Assert.DoesNotContain(board.Tiles, id => collapsed.Any(s => s.ToString() == id[(id.IndexOf(':', StringComparison.Ordinal) + 1)..]));
    }

    [Fact]
    public void Succeeded_and_cancelled_count_for_24_hours_and_idle_counts_while_idle()
    {
        var entries = new[]
        {
            Entry("fresh", OperationState.Succeeded, finishedAgo: TimeSpan.FromHours(23)),
            Entry("old", OperationState.Succeeded, finishedAgo: TimeSpan.FromHours(25)),
            Entry("cancelled-old", OperationState.Cancelled, finishedAgo: TimeSpan.FromDays(3)),
            Entry("idle-long", OperationState.Idle, finishedAgo: TimeSpan.FromDays(30)),
        };

        var board = WallBoard.Build(entries, OperationsView.Default, Now);

        Assert.Equal("1 succeeded in the last 24 h", board.Counts.Single(c => c.State == OperationState.Succeeded).Phrase);
        Assert.Equal("0 cancelled in the last 24 h", board.Counts.Single(c => c.State == OperationState.Cancelled).Phrase);
        Assert.Equal("1 idle", board.Counts.Single(c => c.State == OperationState.Idle).Phrase);
        Assert.Empty(board.Tiles);
    }

    [Fact]
    public void Hiding_finished_ones_drops_their_counts_but_keeps_failures_which_need_a_human()
    {
        var entries = new[] { Entry("a", OperationState.Failed), Entry("b", OperationState.Running), Entry("c", OperationState.Succeeded) };

        var board = WallBoard.Build(entries, OperationsView.FromQuery("?finished=hide"), Now);

        Assert.Equal(["a:Failed", "b:Running"], board.Tiles);
        Assert.DoesNotContain(board.Counts, c => c.State is OperationState.Succeeded or OperationState.Cancelled);
        Assert.Equal(1, board.Counts.Single(c => c.State == OperationState.Failed).Count);
    }

    private static OperationEntry Entry(string target, OperationState state, TimeSpan? finishedAgo = null)
    {
        var operation = WallPageTests.Op(target, state.ToString(), state) with { StateSince = Now - (finishedAgo ?? TimeSpan.FromMinutes(5)) };
        var finished = operation.IsFinished ? Now - (finishedAgo ?? TimeSpan.FromMinutes(5)) : (DateTimeOffset?)null;
        return new OperationEntry(operation, 1, "", finished);
    }
}
