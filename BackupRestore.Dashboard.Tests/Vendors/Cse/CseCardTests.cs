using BackupRestore.Dashboard.Features.Operations;
using BackupRestore.Dashboard.Features.Targets;
using BackupRestore.Dashboard.Tests.Infrastructure;
using BackupRestore.Dashboard.Vendors.Cse;
using Bunit;

namespace BackupRestore.Dashboard.Tests.Vendors.Cse;

/// <summary>A CSE recovery record's card: status, phase as a step, progress, duration, the reason of a failure; no actions.</summary>
public sealed class CseCardTests : DashboardTestContext
{
    private static readonly TargetOptions Target = new() { Name = "t1", System = "cse", BaseUrl = "https://x.example.com" };

    [Theory]
    [InlineData("RecoveringData", 40, OperationState.Running, 1)]
    [InlineData("RestartingService", 90, OperationState.Running, 2)]
    [InlineData("Success", 100, OperationState.Succeeded, 2)]
    [InlineData("RecoveringDataFailed", 60, OperationState.Failed, 1)]
    [InlineData("RestartingServiceFailed", 90, OperationState.Failed, 2)]
    public void A_recovery_shows_status_phase_progress_duration_and_reason(string status, int progress, OperationState state, int phase)
    {
        var operation = CseConnector.ToOperation(Target,
            new CseRecoveryRecord("r1", "e1", "b1", status, "nightly", "restore-1", "", progress, 95_000, status.EndsWith("Failed", StringComparison.Ordinal) ? "disk full" : ""));

        var card = RenderFor<CseCard>(Operator, p => p.Add(c => c.Operation, operation));

        Assert.Equal(state, operation.State);
        Assert.Equal("restore-1 from nightly", operation.Subject);
        Assert.Equal($"Step {phase} of 2", card.Find(".step-count").TextContent);
        Assert.Equal($"{progress} %", card.Find(".progress-text").TextContent);
        Assert.Contains("1 min 35 s", card.Find(".facts").TextContent, StringComparison.Ordinal);
        Assert.Equal(state == OperationState.Failed, card.FindAll(".card-message").Count == 1);
        Assert.Empty(card.FindAll("[data-action-button]"));
    }
}
