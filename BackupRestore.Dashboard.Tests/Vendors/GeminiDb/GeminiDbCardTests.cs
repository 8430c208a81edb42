using BackupRestore.Dashboard.Features.Operations;
using BackupRestore.Dashboard.Features.Targets;
using BackupRestore.Dashboard.Tests.Infrastructure;
using BackupRestore.Dashboard.Vendors.GeminiDb;
using Bunit;

namespace BackupRestore.Dashboard.Tests.Vendors.GeminiDb;

/// <summary>A GeminiDB backup's card: stop only while backing up or uploading, never twice; the stop job; what a stop means.</summary>
public sealed class GeminiDbCardTests : DashboardTestContext
{
    private static readonly TargetOptions Target = new() { Name = "t1", System = "geminidb", BaseUrl = "https://x.example.com" };

    public static TheoryData<string, string[], string?, string[]> States => new()
    {
        { "BUILDING", ["BACKUP"], null, ["stop"] },
        { "BUILDING", ["UPLOADING_BACKUP"], null, ["stop"] },
        { "BUILDING", ["BACKUP"], "Running", [] },
        { "BUILDING", [], null, [] },
        { "COMPLETED", [], null, [] },
        { "FAILED", [], "Completed", [] },
    };

    [Theory]
    [MemberData(nameof(States))]
    public void Stop_is_offered_only_while_backing_up_or_uploading_and_not_twice(string status, string[] instanceActions, string? stopJob, string[] buttons)
    {
        var operation = Operation(status, instanceActions, stopJob);

        var card = RenderFor<GeminiDbCard>(Operator, p => p.Add(c => c.Operation, operation));

        Assert.Equal(buttons, card.FindAll("[data-action-button]").Select(b => b.GetAttribute("data-action-button")));
        Assert.Equal("backup", operation.Kind);
        Assert.Equal("auto-1 of orders", operation.Subject);
        if (stopJob == "Running")
        {
            Assert.Equal(50, operation.Progress);
            Assert.Contains("job-1", card.Find(".stop-job").TextContent, StringComparison.Ordinal);
        }
        if (stopJob == "Completed")
        {
            Assert.Equal(OperationState.Cancelled, operation.State);
            Assert.Contains("Stopped by an operator.", card.Markup, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_stop_confirmation_names_the_target_and_says_the_backup_ends_cancelled()
    {
        var dialogs = RenderDialogs();
        var card = RenderFor<GeminiDbCard>(Operator, p => p.Add(c => c.Operation, Operation("BUILDING", ["BACKUP"], null)));

        card.Find("button[data-action-button=stop]").Click();

        dialogs.WaitForAssertion(() => Assert.Contains("Target: t1", dialogs.Find(".mud-dialog").TextContent, StringComparison.Ordinal));
        Assert.Contains("cancelled", dialogs.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("ends as FAILED", dialogs.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Time_in_state_comes_from_the_backups_own_times()
    {
        var operation = Operation("COMPLETED", [], null);

        Assert.Equal(new DateTimeOffset(2026, 11, 22, 10, 10, 0, TimeSpan.Zero), operation.StateSince);
    }

    private static Operation Operation(string status, string[] instanceActions, string? stopJob)
    {
        var backup = new GdbBackup("b1", "auto-1", "", "i1", "orders", "Auto", 2048, status, "2026-11-22 10:00:00", status == "BUILDING" ? "" : "2026-11-22 10:10:00");
        var instance = new GdbInstance("i1", "orders", "normal", instanceActions);
        var job = stopJob is null ? null : new GdbStopJob("job-1", stopJob, stopJob == "Running" ? "50%" : "", null);
        return GeminiDbConnector.ToOperation(Target, backup, instance, job);
    }
}
