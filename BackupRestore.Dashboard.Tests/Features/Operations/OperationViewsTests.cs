using BackupRestore.Dashboard.Features.Operations;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using static BackupRestore.Dashboard.Tests.Features.Operations.OperationExamples;

namespace BackupRestore.Dashboard.Tests.Features.Operations;

/// <summary>The main page's list is built once per store version and view, and shared by the circuits that show it.</summary>
public sealed class OperationViewsTests
{
    private static readonly IReadOnlySet<string> NoneCollapsed = new HashSet<string>();
    private readonly OperationStore store;
    private readonly OperationViews views;

    public OperationViewsTests()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));
        store = new OperationStore(time, Options.Create(new OperationsOptions()));
        views = new OperationViews(store, time);
        store.Apply("alpha", [Of("alpha", OperationState.Running)]);
        store.Apply("bravo", [Of("bravo", OperationState.Succeeded)]);
    }

    [Fact]
    public void Pages_with_the_same_view_share_one_list_while_the_store_stands_still()
    {
        var first = views.For(OperationsView.Default, NoneCollapsed);
        var second = views.For(OperationsView.FromQuery(""), NoneCollapsed);

        Assert.Same(first, second);
        Assert.Equal(["alpha:op", "bravo:op"], first.Items.Select(i => i.Key));
    }

    [Fact]
    public void A_change_in_the_store_gives_a_new_list_that_has_it()
    {
        var before = views.For(OperationsView.Default, NoneCollapsed);

        store.Apply("bravo", [Of("bravo", OperationState.Failed)]);
        var after = views.For(OperationsView.Default, NoneCollapsed);

        Assert.NotSame(before, after);
        Assert.Equal(["bravo:op", "alpha:op"], after.Items.Select(i => i.Key));
        Assert.Equal(1, after.Counts[OperationState.Failed]);
        Assert.False(after.Counts.ContainsKey(OperationState.Succeeded));
        // The list already given is not changed under the pages that hold it.
        Assert.Equal(["alpha:op", "bravo:op"], before.Items.Select(i => i.Key));
    }

    [Fact]
    public void Different_views_get_their_own_lists()
    {
        var all = views.For(OperationsView.Default, NoneCollapsed);
        var unfinished = views.For(OperationsView.FromQuery("?finished=hide"), NoneCollapsed);

        Assert.Equal(2, all.Shown);
        Assert.Equal(["alpha:op"], unfinished.Items.Select(i => i.Key));
        Assert.Equal((1, 2), (unfinished.Shown, unfinished.Total));
    }

    [Fact]
    public void A_page_with_collapsed_groups_builds_its_own_list()
    {
        var grouped = OperationsView.FromQuery("?group=state");
        var shared = views.For(grouped, NoneCollapsed);

        var own = views.For(grouped, new HashSet<string> { "succeeded" });

        Assert.NotSame(shared, own);
        Assert.Contains(shared.Items, i => i.Key == "bravo:op");
        Assert.DoesNotContain(own.Items, i => i.Key == "bravo:op");
        Assert.Same(shared, views.For(grouped, NoneCollapsed));
    }
}
