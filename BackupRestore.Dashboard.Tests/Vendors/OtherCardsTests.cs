using BackupRestore.Dashboard.Features.Operations;
using BackupRestore.Dashboard.Features.Targets;
using BackupRestore.Dashboard.Tests.Infrastructure;
using BackupRestore.Dashboard.Vendors;
using BackupRestore.Dashboard.Vendors.Cbr;
using BackupRestore.Dashboard.Vendors.Cse;
using BackupRestore.Dashboard.Vendors.GeminiDb;
using BackupRestore.Dashboard.Vendors.Vcenter;

namespace BackupRestore.Dashboard.Tests.Vendors;

/// <summary>Cards and forms of vCenter, GeminiDB, CSE and CBR: each vendor state → the controls it must show.</summary>
public sealed class OtherCardsTests : IAsyncDisposable
{
    private static TargetOptions For(string system) => new() { Name = "t1", System = system, BaseUrl = "https://x.example.com" };
    private readonly ComponentTestContext context = new();

    public static TheoryData<string, string[], bool> VcenterStates => new()
    {
        { "NONE", [], true },
        { "INPROGRESS", ["cancel"], false },
        { "SUCCEEDED", [], false },
        { "FAILED", [], true },
    };

    [Theory]
    [MemberData(nameof(VcenterStates))]
    public void Vcenter_job_state_decides_cancel_and_the_way_to_the_restore_form(string state, string[] buttons, bool restoreLink)
    {
        var operation = VcenterConnector.ToOperation(For("vcenter"), new VcRestoreJobStatus(state,
            [new VcMessage("a", "Restore started from {0}.", ["sftp://b/x"]), new VcMessage("b", "Restoring component {0} ({1} %).", ["vpxd", "15"])], 15));

        var card = Render(operation);

        Assert.Equal(buttons, Buttons(card));
        Assert.Equal(restoreLink, card.FindAll("a[href='/targets/t1#restore-form']").Count == 1);
        Assert.Equal("Restoring component vpxd (15 %).", card.Find(".message").TextContent);
        Assert.Equal(["Restore started from sftp://b/x.", "Restoring component vpxd (15 %)."], card.FindAll("details.messages li").Select(li => li.TextContent));
    }

    public static TheoryData<string, string[], string?, string[]> GeminiDbStates => new()
    {
        { "BUILDING", ["BACKUP"], null, ["stop"] },
        { "BUILDING", ["UPLOADING_BACKUP"], null, ["stop"] },
        { "BUILDING", ["BACKUP"], "Running", [] },
        { "BUILDING", [], null, [] },
        { "COMPLETED", [], null, [] },
        { "FAILED", [], "Completed", [] },
    };

    [Theory]
    [MemberData(nameof(GeminiDbStates))]
    public void GeminiDb_offers_stop_only_while_backing_up_or_uploading_and_not_twice(string status, string[] instanceActions, string? stopJob, string[] buttons)
    {
        var backup = new GdbBackup("b1", "auto-1", "", "i1", "orders", "Auto", 2048, status, "2026-11-22 10:00:00", status == "BUILDING" ? "" : "2026-11-22 10:10:00");
        var instance = new GdbInstance("i1", "orders", "normal", instanceActions);
        var job = stopJob is null ? null : new GdbStopJob("job-1", stopJob, stopJob == "Running" ? "50%" : "", null);

        var operation = GeminiDbConnector.ToOperation(For("geminidb"), backup, instance, job);
        var card = Render(operation);

        Assert.Equal(buttons, Buttons(card));
        Assert.Equal("backup", operation.Kind);
        if (stopJob == "Running")
        {
            Assert.Equal(50, operation.Progress);
            Assert.Contains("job-1", card.Find(".message").TextContent, StringComparison.Ordinal);
        }
        if (stopJob == "Completed")
        {
            Assert.Equal(OperationState.Cancelled, operation.State);
        }
    }

    [Theory]
    [InlineData("RecoveringData", 40, OperationState.Running, 1)]
    [InlineData("RestartingService", 90, OperationState.Running, 2)]
    [InlineData("Success", 100, OperationState.Succeeded, 2)]
    [InlineData("RecoveringDataFailed", 60, OperationState.Failed, 1)]
    [InlineData("RestartingServiceFailed", 90, OperationState.Failed, 2)]
    public void Cse_recovery_shows_status_phase_progress_duration_and_reason(string status, int progress, OperationState state, int phase)
    {
        var operation = CseConnector.ToOperation(For("cse"),
            new CseRecoveryRecord("r1", "e1", "b1", status, "nightly", "restore-1", "", progress, 95_000, status.EndsWith("Failed", StringComparison.Ordinal) ? "disk full" : ""));

        var card = Render(operation);

        Assert.Equal(state, operation.State);
        Assert.Equal($"Step {phase} of 2", card.Find(".step-count").TextContent);
        Assert.Equal(progress.ToString(System.Globalization.CultureInfo.InvariantCulture), card.Find("progress").GetAttribute("value"));
        Assert.Contains("1 min 35 s", card.Find(".facts").TextContent, StringComparison.Ordinal);
        Assert.Equal(state == OperationState.Failed, card.FindAll(".message").Count == 1);
        Assert.Empty(Buttons(card));
    }

    [Theory]
    [InlineData("waiting", OperationState.Running)]
    [InlineData("running", OperationState.Running)]
    [InlineData("success", OperationState.Succeeded)]
    [InlineData("failed", OperationState.Failed)]
    [InlineData("timeout", OperationState.Failed)]
    [InlineData("skipped", OperationState.Failed)]
    public void Cbr_operation_log_maps_status_progress_and_error_info(string status, OperationState state)
    {
        var log = new CbrOperationLog("l1", "restore", status, DateTimeOffset.UnixEpoch, null, null, null,
            status == "failed" ? new CbrErrorInfo("BackupService.2001", "disk too small") : null,
            new CbrExtraInfo(new CbrCommonInfo(45, "r", "t"), new CbrRestoreInfo("b1", "autobk_web", "srv-1", "ecs-web-01"), null));

        var operation = CbrConnector.ToOperation(For("cbr"), log);
        var card = Render(operation);

        Assert.Equal(state, operation.State);
        Assert.Equal(45, operation.Progress);
        Assert.Contains("ecs-web-01", card.Find(".facts").TextContent, StringComparison.Ordinal);
        Assert.Equal(status == "failed" ? "BackupService.2001: disk too small" : null, operation.Message);
    }

    [Fact]
    public void Cbr_server_restore_form_asks_for_the_server_a_volume_per_disk_backup_and_power_on()
    {
        var backup = new BackupItem("b1", "autobk_web", DateTimeOffset.UnixEpoch, "available", 1, ["restore"])
        {
            Details = new CbrBackupDetails(CbrConnector.ServerType, "srv-1", "ecs-web-01", [new("d1", "web-sys", "vol-1"), new("d2", "web-data", "vol-2")]),
        };

        var form = context.Render<CbrRestoreForm>(p => p.Add(c => c.Target, For("cbr")).Add(c => c.Backup, backup));

        Assert.Equal("srv-1", form.Find("input[name=server_id]").GetAttribute("value"));
        Assert.Equal(["vol-1", "vol-2"], form.FindAll("input[name^='volume:']").Select(i => i.GetAttribute("value")));
        Assert.Equal(["volume:d1", "volume:d2"], form.FindAll("input[name^='volume:']").Select(i => i.GetAttribute("name")));
        Assert.NotNull(form.Find("input[name=power_on][checked]"));
        Assert.EndsWith("/targets/t1/backups/b1/actions/restore", form.Find("form").GetAttribute("action"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("available", true)]
    [InlineData("protecting", false)]
    [InlineData("error", false)]
    public void Cbr_offers_restore_only_on_available_backups(string status, bool offered)
    {
        var backup = new BackupItem("b1", "autobk_disk", null, status, null, status == "available" ? ["restore"] : [])
        {
            Details = new CbrBackupDetails("OS::Cinder::Volume", "vol-9", "data", []),
        };

        var form = context.Render<CbrRestoreForm>(p => p.Add(c => c.Target, For("cbr")).Add(c => c.Backup, backup));

        Assert.Equal(offered, form.FindAll("form[data-action=restore] input[name=volume_id]").Count == 1);
    }

    [Fact]
    public void Cse_recovery_form_appears_only_when_the_backup_offers_recovery()
    {
        var ready = new BackupItem("b1", "nightly", null, "Success", null, ["recovery"]);
        var backing = ready with { Status = "Backing", Actions = [] };

        var shown = context.Render<CseRecoveryForm>(p => p.Add(c => c.Target, For("cse")).Add(c => c.Backup, ready));
        var hidden = context.Render<CseRecoveryForm>(p => p.Add(c => c.Target, For("cse")).Add(c => c.Backup, backing));

        Assert.Equal("restore-nightly", shown.Find("input[name=name]").GetAttribute("value"));
        Assert.Empty(hidden.FindAll("form"));
    }

    [Fact]
    public void Vcenter_form_never_puts_a_password_back_into_the_page()
    {
        var prefill = new Dictionary<string, string> { ["location"] = "sftp://b/x", ["location_password"] = "leaked?", ["backup_password"] = "leaked?" };

        var form = context.Render<VcenterRestoreForm>(p => p.Add(c => c.Target, For("vcenter"))
            .Add(c => c.Offered, ["validate", "create"]).Add(c => c.Prefill, prefill));

        Assert.Equal("sftp://b/x", form.Find("input[name=location]").GetAttribute("value"));
        Assert.All(form.FindAll("input[type=password]"), i => Assert.Null(i.GetAttribute("value")));
        Assert.DoesNotContain("leaked?", form.Markup, StringComparison.Ordinal);
        Assert.EndsWith("/targets/t1/actions/create", form.Find("button[data-confirm=create]").GetAttribute("formaction"), StringComparison.Ordinal);
    }

    private RenderedComponent Render(Operation operation) =>
        context.Render<OperationCard>(p => p.Add(c => c.Operation, operation).Add(c => c.Version, 1L));

    private static List<string?> Buttons(RenderedComponent card) => card.FindAll("[data-action-button], [data-confirm]")
        .Select(b => b.GetAttribute("data-action-button") ?? b.GetAttribute("data-confirm"))
        .ToList();

    public ValueTask DisposeAsync() => context.DisposeAsync();
}
