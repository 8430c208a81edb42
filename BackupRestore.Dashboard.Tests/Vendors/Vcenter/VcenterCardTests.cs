using BackupRestore.Dashboard.Features.Targets;
using BackupRestore.Dashboard.Tests.Infrastructure;
using BackupRestore.Dashboard.Vendors.Vcenter;
using Bunit;

namespace BackupRestore.Dashboard.Tests.Vendors.Vcenter;

/// <summary>The vCenter restore job's card: state, progress, every message; cancel while it runs; the way to the restore form.</summary>
public sealed class VcenterCardTests : DashboardTestContext
{
    private static readonly TargetOptions Target = new() { Name = "t1", System = "vcenter", BaseUrl = "https://x.example.com" };

    public static TheoryData<string, string[], bool> States => new()
    {
        { "NONE", [], true },
        { "INPROGRESS", ["cancel"], false },
        { "SUCCEEDED", [], false },
        { "FAILED", [], true },
    };

    [Theory]
    [MemberData(nameof(States))]
    public void The_job_state_decides_cancel_and_the_way_to_the_restore_form(string state, string[] buttons, bool restoreLink)
    {
        var operation = VcenterConnector.ToOperation(Target, new VcRestoreJobStatus(state,
            [new VcMessage("a", "Restore started from {0}.", ["sftp://b/x"]), new VcMessage("b", "Restoring component {0} ({1} %).", ["vpxd", "15"])], 15));

        var card = RenderFor<VcenterCard>(Operator, p => p.Add(c => c.Operation, operation));
        var viewer = RenderFor<VcenterCard>(Viewer, p => p.Add(c => c.Operation, operation));

        Assert.Equal(buttons, card.FindAll("[data-action-button]").Select(b => b.GetAttribute("data-action-button")));
        Assert.Equal(restoreLink, card.FindAll("a[href='/targets/t1#restore-form']").Count == 1);
        Assert.Equal("Restoring component vpxd (15 %).", card.Find(".card-message").TextContent.Trim());
        Assert.Equal(["Restore started from sftp://b/x.", "Restoring component vpxd (15 %)."], card.FindAll(".messages li").Select(li => li.TextContent));
        Assert.Empty(viewer.FindAll("[data-action-button], a[href='/targets/t1#restore-form']"));
    }
}
