using BackupRestore.Dashboard.Features.Operations;
using BackupRestore.Dashboard.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace BackupRestore.Dashboard.Tests.Features.Operations;

public sealed class RetentionTests
{
    private readonly ManualTimeProvider clock = new();
    private readonly OperationStore store;

    public RetentionTests() => store = new OperationStore(clock, Options.Create(new OperationsOptions { Retention = TimeSpan.FromDays(7) }));

    private static Operation Op(string id, OperationState state) => new()
    {
        Id = id, Target = "t", System = "cbr", Kind = "restore", State = state, VendorStatus = state.ToString(),
    };

    [Fact]
    public void A_finished_operation_the_backend_stops_listing_stays_for_the_retention_then_leaves()
    {
        store.Apply("t", [Op("t:done", OperationState.Succeeded), Op("t:running", OperationState.Running)]);

        var afterGone = store.Apply("t", []);
        clock.Advance(TimeSpan.FromDays(6));
        store.Apply("t", []);
        var stillThere = store.Find("t:done");
        clock.Advance(TimeSpan.FromDays(2));
        var expired = store.Apply("t", []);

        Assert.Equal(["t:running"], afterGone.Removed);
        Assert.NotNull(stillThere);
        Assert.Equal(["t:done"], expired.Removed);
        Assert.Null(store.Find("t:done"));
    }

    [Fact]
    public void An_unchanged_poll_changes_nothing_and_a_change_keeps_the_previous_snapshot()
    {
        store.Apply("t", [Op("t:a", OperationState.Running)]);

        var same = store.Apply("t", [Op("t:a", OperationState.Running)]);
        var changed = store.Apply("t", [Op("t:a", OperationState.Failed)]);

        Assert.True(same.IsEmpty);
        Assert.Equal(OperationState.Running, changed.Previous["t:a"].State);
        Assert.Equal(OperationState.Failed, Assert.Single(changed.Upserted).Operation.State);
    }
}
