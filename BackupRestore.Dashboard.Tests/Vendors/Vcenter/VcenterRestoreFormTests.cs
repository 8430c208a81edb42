using BackupRestore.Dashboard.Features.Actions;
using BackupRestore.Dashboard.Tests.Features.Targets;
using BackupRestore.Dashboard.Vendors;
using BackupRestore.Dashboard.Vendors.Vcenter;
using Bunit;

namespace BackupRestore.Dashboard.Tests.Vendors.Vcenter;

/// <summary>
/// The vCenter restore form: validated before anything is sent, validate → metadata shown, create confirmed in a
/// dialog, only what the appliance offers, passwords never echoed back, nothing for a viewer.
/// </summary>
public sealed class VcenterRestoreFormTests(TargetPageSimulator simulator) : TargetPageContext(simulator), IClassFixture<TargetPageSimulator>
{
    private const string Secret = "Typed-Secret-0!";

    [Fact]
    public void A_viewer_gets_no_form()
    {
        var form = Form(Viewer, ["validate", "create"]);

        Assert.Empty(form.FindAll("#restore-form, input, button"));
    }

    [Theory]
    [InlineData(new[] { "validate", "create" }, new[] { "validate", "create" })]
    [InlineData(new[] { "validate" }, new[] { "validate" })]
    [InlineData(new string[0], new string[0])]
    public void Only_the_actions_the_appliance_offers_have_a_button(string[] offered, string[] buttons)
    {
        var form = Form(Operator, offered);

        Assert.Equal(buttons, form.FindAll("[data-action-button]").Select(b => b.GetAttribute("data-action-button")));
        Assert.Equal(offered.Length == 0, form.FindAll("[data-unavailable=restore]").Count == 1);
    }

    [Fact]
    public void Without_a_location_it_says_so_and_sends_nothing()
    {
        var form = Form(Operator, ["validate", "create"]);

        form.Find("button[data-action-button=validate]").Click();

        form.WaitForAssertion(() => Assert.Contains("Give the backup location (a path or URL).", form.Markup, StringComparison.Ordinal));
        Assert.Empty(Actions.Calls);
    }

    [Fact]
    public void Validate_sends_the_restore_request_shows_the_metadata_and_empties_only_the_password_fields()
    {
        Actions.Outcome = (subject, input) => new ActionOutcome("", subject, input.Action, ActionResultKind.Succeeded, "Validate backup sent to vc.")
        {
            Result = new ActionResultInfo(null, [new Fact("Applicable", "yes"), new Fact("Version", "8.0.2.00100")], ["The backup is applicable."]),
        };
        var (_, popovers) = RenderProviders();
        var form = Form(Operator, ["validate", "create"]);
        Pick(form, popovers, "location_type", "SCP");
        Fill(form);
        form.Find("input[data-field=ignore_warnings]").Change(true);
        Assert.Contains(Secret, form.Markup, StringComparison.Ordinal);

        form.Find("button[data-action-button=validate]").Click();

        form.WaitForAssertion(() => Assert.Single(Actions.Calls));
        var (subject, input, _) = Actions.Calls.Single();
        Assert.Equal("vc", subject);
        Assert.Equal("validate", input.Action);
        Assert.Equal("SCP", input.Field("location_type"));
        Assert.Equal("scp://backup.example.com/vcsa/2026-11-21", input.Field("location"));
        Assert.Equal("backup-reader", input.Field("location_user"));
        Assert.Equal(Secret, input.Field("location_password"));
        Assert.Equal(Secret, input.Field("backup_password"));
        Assert.Equal("administrator@vsphere.local", input.Field("sso_admin_user_name"));
        Assert.Equal(Secret, input.Field("sso_admin_user_password"));
        Assert.True(input.Flag("ignore_warnings"));

        form.WaitForAssertion(() => Assert.Contains("8.0.2.00100", form.Find(".action-outcome").TextContent, StringComparison.Ordinal));
        Assert.Contains("The backup is applicable.", form.Find(".action-outcome").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, form.Markup, StringComparison.Ordinal);
        Assert.Equal("scp://backup.example.com/vcsa/2026-11-21", form.Find("input[data-field=location]").GetAttribute("value"));
        Assert.Equal("backup-reader", form.Find("input[data-field=location_user]").GetAttribute("value"));
    }

    [Fact]
    public void Create_asks_in_a_dialog_naming_the_target_and_sends_only_when_confirmed()
    {
        var (dialogs, _) = RenderProviders();
        var form = Form(Operator, ["validate", "create"]);
        Fill(form);

        form.Find("button[data-action-button=create]").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Target: vc", Dialog(dialogs).TextContent, StringComparison.Ordinal));
        Assert.Contains("scp://backup.example.com/vcsa/2026-11-21", Dialog(dialogs).TextContent, StringComparison.Ordinal);
        dialogs.Find("button[data-cancel=create]").Click();
        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll(".mud-dialog")));
        Assert.Empty(Actions.Calls);
        Assert.Contains(Secret, form.Markup, StringComparison.Ordinal);

        form.Find("button[data-action-button=create]").Click();
        dialogs.WaitForAssertion(() => Assert.NotNull(dialogs.Find("button[data-confirm=create]")));
        dialogs.Find("button[data-confirm=create]").Click();

        form.WaitForAssertion(() => Assert.Single(Actions.Calls));
        Assert.Equal("create", Actions.Calls.Single().Input.Action);
        form.WaitForAssertion(() => Assert.DoesNotContain(Secret, form.Markup, StringComparison.Ordinal));
    }

    [Fact]
    public void While_an_action_runs_both_buttons_are_disabled()
    {
        Actions.Hold = new TaskCompletionSource();
        var form = Form(Operator, ["validate", "create"]);
        Fill(form);

        form.Find("button[data-action-button=validate]").Click();

        form.WaitForAssertion(() => Assert.True(form.Find("button[data-action-button=create]").HasAttribute("disabled")));
        Assert.True(form.Find("button[data-action-button=validate]").HasAttribute("disabled"));
        Actions.Hold.SetResult();
        form.WaitForAssertion(() => Assert.False(form.Find("button[data-action-button=validate]").HasAttribute("disabled")));
        Assert.Single(Actions.Calls);
    }

    private IRenderedComponent<VcenterRestoreForm> Form(Dashboard.Features.Auth.DashboardUser user, string[] offered) =>
        RenderFor<VcenterRestoreForm>(user, p => p.Add(c => c.Target, Target("vc")).Add(c => c.Offered, offered));

    private static void Fill(IRenderedComponent<VcenterRestoreForm> form)
    {
        Type(form, "location", "scp://backup.example.com/vcsa/2026-11-21");
        Type(form, "location_user", "backup-reader");
        Type(form, "location_password", Secret);
        Type(form, "backup_password", Secret);
        Type(form, "sso_admin_user_name", "administrator@vsphere.local");
        Type(form, "sso_admin_user_password", Secret);
    }
}
