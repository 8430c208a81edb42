using BackupRestore.Dashboard.Features.Operations;
using BackupRestore.Dashboard.Features.Targets;
using BackupRestore.Dashboard.Tests.Infrastructure;
using BackupRestore.Dashboard.Vendors.Cbr;
using Bunit;

namespace BackupRestore.Dashboard.Tests.Vendors.Cbr;

/// <summary>A CBR restore's card, from its operation log: status, progress, error_info, and which backup went where.</summary>
public sealed class CbrCardTests : DashboardTestContext
{
    private static readonly TargetOptions Target = new() { Name = "t1", System = "cbr", BaseUrl = "https://x.example.com" };

    [Theory]
    [InlineData("waiting", OperationState.Running)]
    [InlineData("running", OperationState.Running)]
    [InlineData("success", OperationState.Succeeded)]
    [InlineData("failed", OperationState.Failed)]
    [InlineData("timeout", OperationState.Failed)]
    [InlineData("skipped", OperationState.Failed)]
    public void The_operation_log_maps_to_status_progress_and_error_info(string status, OperationState state)
    {
        var log = new CbrOperationLog("l1", "restore", status, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddMinutes(1), null, null,
            status == "failed" ? new CbrErrorInfo("BackupService.2001", "disk too small") : null,
            new CbrExtraInfo(new CbrCommonInfo(45, "r", "t"), new CbrRestoreInfo("b1", "autobk_web", "srv-1", "ecs-web-01"), null));

        var operation = CbrConnector.ToOperation(Target, log);
        var card = RenderFor<CbrCard>(Operator, p => p.Add(c => c.Operation, operation));

        Assert.Equal(state, operation.State);
        Assert.Equal(45, operation.Progress);
        Assert.Equal("autobk_web → ecs-web-01", operation.Subject);
        Assert.Contains("ecs-web-01", card.Find(".facts").TextContent, StringComparison.Ordinal);
        Assert.Equal(status == "failed" ? "BackupService.2001: disk too small" : null, operation.Message);
        Assert.Equal(status == "failed", card.FindAll(".card-message.mud-alert").Count == 1);
        Assert.Empty(card.FindAll("[data-action-button]"));
    }
}
