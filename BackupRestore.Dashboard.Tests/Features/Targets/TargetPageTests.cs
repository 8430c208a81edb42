using BackupRestore.Dashboard.Features.Operations;
using BackupRestore.Dashboard.Features.Targets;
using BackupRestore.Dashboard.Vendors.Cbr;
using BackupRestore.Simulator;
using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace BackupRestore.Dashboard.Tests.Features.Targets;

/// <summary>
/// /targets/{name} against the simulator: what an operator and a viewer get, the vendor's own filters, parts that
/// cannot be read, the live operations and health, and a backup action from its dialog to the action service.
/// </summary>
public sealed class TargetPageTests(TargetPageSimulator simulator) : TargetPageContext(simulator), IClassFixture<TargetPageSimulator>
{
    [Fact]
    public void An_unknown_target_says_so()
    {
        var page = RenderFor<TargetPage>(Operator, p => p.Add(c => c.Name, "<nowhere>"));

        Assert.Contains("There is no target <nowhere>", page.Find("#no-target").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll(".target-health"));
    }

    [Fact]
    public void An_operator_gets_the_actions_each_backup_offers_now()
    {
        var page = RenderFor<TargetPage>(Operator, p => p.Add(c => c.Name, "vault"));

        page.WaitForAssertion(() => Assert.Equal(5, page.FindAll("tr.backup-row").Count));
        // available backups offer restore; protecting and error ones offer nothing.
        Assert.Equal(3, page.FindAll("button[data-backup-action=restore]").Count);
        Assert.Equal("vault", page.Find("#target-name").TextContent);
        Assert.Equal("CBR", page.Find("#target-system").TextContent.Trim());
    }

    [Theory]
    [InlineData("vault")]
    [InlineData("engine")]
    [InlineData("east")]
    [InlineData("vc")]
    [InlineData("gdb")]
    public void A_viewer_sees_the_target_and_no_form_or_action_control(string target)
    {
        var page = RenderFor<TargetPage>(Viewer, p => p.Add(c => c.Name, target));

        page.WaitForAssertion(() => Assert.Empty(page.FindAll(".mud-progress-linear")));
        Assert.NotNull(page.Find(".target-health"));
        Assert.Empty(page.FindAll("[data-backup-action], [data-action-button], #restore-form, #backup-form, form input[type=password]"));
        Assert.Empty(page.FindAll(".target-actions"));
    }

    [Fact]
    public void The_forms_of_a_target_show_only_for_an_operator()
    {
        var operatorPage = RenderFor<TargetPage>(Operator, p => p.Add(c => c.Name, "vc"));

        operatorPage.WaitForAssertion(() => Assert.NotNull(operatorPage.Find("#restore-form button[data-action-button=validate]")));
        Assert.NotNull(operatorPage.Find("#restore-form button[data-action-button=create]"));
    }

    [Fact]
    public void A_target_whose_job_runs_offers_no_restore_and_says_why()
    {
        var page = RenderFor<TargetPage>(Operator, p => p.Add(c => c.Name, "vc-busy"));

        page.WaitForAssertion(() => Assert.NotNull(page.Find("#restore-form [data-unavailable=restore]")));
        Assert.Empty(page.FindAll("#restore-form [data-action-button]"));
    }

    [Fact]
    public void A_backup_list_that_cannot_be_read_says_why_and_the_rest_of_the_page_shows()
    {
        var vault = Simulator.Sim.Target("cbr", "vault");
        vault.Faults.Set(new SimFault(SimFaultKind.MalformedJson));
        try
        {
            Poll("vault", CbrOperation("log-1"));
            var page = RenderFor<TargetPage>(Operator, p => p.Add(c => c.Name, "vault"));

            page.WaitForAssertion(() => Assert.Contains("Cannot list the backups of vault now", page.Find("[data-missing=backups]").TextContent, StringComparison.Ordinal));
            Assert.Contains("malformed JSON", page.Find("[data-missing=backups]").TextContent, StringComparison.Ordinal);
            Assert.NotNull(page.Find(".target-health"));
            Assert.NotNull(page.Find("[data-operation='vault:restore-log-1']"));
            Assert.NotNull(page.Find(".backup-filters"));
        }
        finally
        {
            vault.Faults.Clear();
        }
    }

    [Fact]
    public void Offered_actions_that_cannot_be_read_say_why_and_the_rest_of_the_page_shows()
    {
        var vc = Simulator.Sim.Target("vcenter", "vc");
        vc.Faults.Set(new SimFault(SimFaultKind.MalformedJson));
        try
        {
            var page = RenderFor<TargetPage>(Operator, p => p.Add(c => c.Name, "vc"));

            page.WaitForAssertion(() => Assert.Contains("Cannot read what vc offers now", page.Find("[data-missing=offered]").TextContent, StringComparison.Ordinal));
            Assert.Empty(page.FindAll("#restore-form"));
            Assert.NotNull(page.Find(".target-health"));
            Assert.NotNull(page.Find("#operations-title"));
        }
        finally
        {
            vc.Faults.Clear();
        }
    }

    [Fact]
    public async Task The_operations_of_the_target_and_no_others_show_and_follow_the_store()
    {
        Poll("vault", CbrOperation("log-1"));
        Poll("engine", new Operation { Id = "engine:recovery-r1", Target = "engine", System = "cse", Kind = "restore", State = OperationState.Running, VendorStatus = "RecoveringData" });
        var page = RenderFor<TargetPage>(Viewer, p => p.Add(c => c.Name, "vault"));
        Assert.Equal(["vault:restore-log-1"], page.FindAll("[data-operation]").Select(c => c.GetAttribute("data-operation")));

        Poll("vault", CbrOperation("log-1"), CbrOperation("log-2"));
        await Clock.PassAsync(TargetOperations.Window);

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-operation^='vault:']").Count));
        Assert.Empty(page.FindAll("[data-operation^='engine:']"));
    }

    [Fact]
    public async Task The_health_panel_follows_the_board()
    {
        var board = Services.GetRequiredService<TargetHealthBoard>();
        board.RecordSuccess(Target("vault"), Start);
        var page = RenderFor<TargetPage>(Viewer, p => p.Add(c => c.Name, "vault"));
        Assert.Equal("reachable", page.Find(".target-health [data-health]").GetAttribute("data-health"));

        board.RecordFailure(Target("vault"), Start.AddSeconds(2), "vault is left alone after repeated failures (circuit open); it is probed again in 5 s.");
        await Clock.PassAsync(TargetsPage.Window);

        page.WaitForAssertion(() => Assert.Equal("not-reachable", page.Find(".target-health [data-health]").GetAttribute("data-health")));
        Assert.Contains("circuit open", page.Find(".target-health .last-error").TextContent, StringComparison.Ordinal);
        Assert.Equal("open", page.Find(".target-health [data-circuit]").GetAttribute("data-circuit"));
    }

    [Fact]
    public void CBR_lists_are_narrowed_by_its_own_filters_and_a_filter_goes_into_the_URL()
    {
        var (_, popovers) = RenderProviders();
        var panel = RenderFor<BackupsPanel>(Operator, p => p
            .Add(c => c.Target, Target("vault")).Add(c => c.Status, "available").Add(c => c.ResourceType, "OS::Nova::Server"));

        panel.WaitForAssertion(() => Assert.Equal(2, panel.FindAll("tr.backup-row").Count));
        Assert.All(panel.FindAll("tr.backup-row"), row => Assert.Contains("autobk_ecs-", row.TextContent, StringComparison.Ordinal));

        Pick(panel, popovers, "status", "error");
        Type(panel, "search", "scratch");
        panel.Find("button[data-filter-apply]").Click();

        var uri = Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().Uri;
        Assert.Contains("status=error", uri, StringComparison.Ordinal);
        Assert.Contains("resource_type=OS%3A%3ANova%3A%3AServer", uri, StringComparison.Ordinal);
        Assert.Contains("search=scratch", uri, StringComparison.Ordinal);
    }

    [Fact]
    public void Systems_without_status_and_type_filters_offer_the_name_only()
    {
        var panel = RenderFor<BackupsPanel>(Viewer, p => p.Add(c => c.Target, Target("engine")).Add(c => c.Search, "release"));

        panel.WaitForAssertion(() => Assert.Single(panel.FindAll("tr.backup-row")));
        Assert.Contains("backup-before-release", panel.Find("tr.backup-row").TextContent, StringComparison.Ordinal);
        Assert.Empty(panel.FindAll("[data-field=status], [data-field=resource_type]"));
        Assert.NotNull(panel.Find("[data-field=search]"));
        Assert.Empty(panel.FindAll("[data-backup-action]"));
    }

    [Fact]
    public async Task A_server_backup_is_restored_by_picking_another_server_and_its_volumes_and_the_mapping_is_sent()
    {
        var backups = await BackupsAsync("vault");
        var web = backups.Single(b => b.Name.StartsWith("autobk_ecs-web-01", StringComparison.Ordinal));
        var app = (CbrBackupDetails)backups.Single(b => b.Name.StartsWith("autobk_ecs-app-02", StringComparison.Ordinal)).Details!;
        var webDisks = ((CbrBackupDetails)web.Details!).Disks;
        var (dialogs, popovers) = RenderProviders();
        var page = RenderFor<TargetPage>(Operator, p => p.Add(c => c.Name, "vault"));
        page.WaitForAssertion(() => Assert.NotNull(page.Find($"[data-backup='{web.Id}']")));

        page.Find($"[data-backup='{web.Id}']").Closest("tr")!.QuerySelector("button[data-backup-action=restore]")!.Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Target: vault", Dialog(dialogs).TextContent, StringComparison.Ordinal));
        Assert.Contains("overwritten", Dialog(dialogs).TextContent, StringComparison.Ordinal);
        Pick(dialogs, popovers, "server_id", app.ResourceId!);
        Pick(dialogs, popovers, $"volume:{webDisks[0].BackupId}", app.Disks[0].ResourceId!);
        Pick(dialogs, popovers, $"volume:{webDisks[1].BackupId}", app.Disks[1].ResourceId!);
        dialogs.Find("[data-field=power_on] input, input[data-field=power_on]").Change(false);
        dialogs.Find("button[data-confirm=restore]").Click();

        page.WaitForAssertion(() => Assert.Single(Actions.Calls));
        var (subject, input, _) = Actions.Calls.Single();
        Assert.Equal($"vault|{web.Id}", subject);
        Assert.Equal("restore", input.Action);
        Assert.Equal(app.ResourceId, input.Field("server_id"));
        Assert.Equal(app.Disks[0].ResourceId, input.Field($"volume:{webDisks[0].BackupId}"));
        Assert.Equal(app.Disks[1].ResourceId, input.Field($"volume:{webDisks[1].BackupId}"));
        Assert.False(input.Flag("power_on"));
    }

    [Fact]
    public async Task Backing_out_of_a_restore_sends_nothing()
    {
        var web = (await BackupsAsync("vault")).Single(b => b.Name.StartsWith("autobk_ecs-web-01", StringComparison.Ordinal));
        var (dialogs, _) = RenderProviders();
        var page = RenderFor<TargetPage>(Operator, p => p.Add(c => c.Name, "vault"));
        page.WaitForAssertion(() => Assert.NotNull(page.Find($"[data-backup='{web.Id}']")));

        page.Find($"[data-backup='{web.Id}']").Closest("tr")!.QuerySelector("button[data-backup-action=restore]")!.Click();
        dialogs.WaitForAssertion(() => Assert.NotNull(dialogs.Find("button[data-cancel=restore]")));
        dialogs.Find("button[data-cancel=restore]").Click();

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll(".mud-dialog")));
        Assert.Empty(Actions.Calls);
    }

    [Fact]
    public async Task A_CSE_recovery_needs_a_record_name_and_sends_name_and_description()
    {
        var release = (await BackupsAsync("engine")).Single(b => b.Name == "backup-before-release");
        var (dialogs, _) = RenderProviders();
        var page = RenderFor<TargetPage>(Operator, p => p.Add(c => c.Name, "engine"));
        page.WaitForAssertion(() => Assert.NotNull(page.Find($"[data-backup='{release.Id}']")));

        page.Find($"[data-backup='{release.Id}']").Closest("tr")!.QuerySelector("button[data-backup-action=recovery]")!.Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Target: engine", Dialog(dialogs).TextContent, StringComparison.Ordinal));
        Assert.Contains("overwritten", Dialog(dialogs).TextContent, StringComparison.Ordinal);
        Type(dialogs, "name", "");
        dialogs.Find("button[data-confirm=recovery]").Click();

        dialogs.WaitForAssertion(() => Assert.Contains("Give the restoration record a name.", Dialog(dialogs).TextContent, StringComparison.Ordinal));
        Assert.Empty(Actions.Calls);

        Type(dialogs, "name", "restore-from-page");
        Type(dialogs, "description", "before the release <b>");
        dialogs.Find("button[data-confirm=recovery]").Click();

        page.WaitForAssertion(() => Assert.Single(Actions.Calls));
        var (subject, input, _) = Actions.Calls.Single();
        Assert.Equal($"engine|{release.Id}", subject);
        Assert.Equal("recovery", input.Action);
        Assert.Equal("restore-from-page", input.Field("name"));
        Assert.Equal("before the release <b>", input.Field("description"));
    }

    [Fact]
    public async Task An_NSX_restore_starts_from_a_backup_timestamp_after_a_confirmation()
    {
        var newest = (await BackupsAsync("east"))[0];
        var (dialogs, _) = RenderProviders();
        var page = RenderFor<TargetPage>(Operator, p => p.Add(c => c.Name, "east"));
        page.WaitForAssertion(() => Assert.NotNull(page.Find($"[data-backup='{newest.Id}']")));

        page.Find($"[data-backup='{newest.Id}']").Closest("tr")!.QuerySelector("button[data-backup-action=start]")!.Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Target: east", Dialog(dialogs).TextContent, StringComparison.Ordinal));
        Assert.Contains(newest.CreatedAt!.Value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture), Dialog(dialogs).TextContent, StringComparison.Ordinal);
        Assert.Contains("configuration is replaced", Dialog(dialogs).TextContent, StringComparison.Ordinal);
        dialogs.Find("button[data-confirm=start]").Click();

        page.WaitForAssertion(() => Assert.Single(Actions.Calls));
        var (subject, input, _) = Actions.Calls.Single();
        Assert.Equal($"east|{newest.Id}", subject);
        Assert.Equal("start", input.Action);
    }

    private static Operation CbrOperation(string log) => new()
    {
        Id = $"vault:restore-{log}",
        Target = "vault",
        System = "cbr",
        Kind = "restore",
        Subject = $"backup → server {log}",
        State = OperationState.Running,
        VendorStatus = "running",
        Progress = 30,
    };
}
