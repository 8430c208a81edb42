using BackupRestore.Dashboard.Features.Actions;
using BackupRestore.Dashboard.Features.Operations;
using BackupRestore.Dashboard.Tests.Infrastructure;
using BackupRestore.Dashboard.Vendors;
using Bunit;

namespace BackupRestore.Dashboard.Tests.Features.Actions;

/// <summary>Buttons for what is offered now; a dialog before anything destructive; one call per click, however many clicks.</summary>
public sealed class ActionBarTests : DashboardTestContext
{
    private static readonly Operation Suspended = new()
    {
        Id = "west:cluster-restore", Target = "west", System = "nsx", Kind = "restore", State = OperationState.Suspended,
        VendorStatus = "SUSPENDED_BY_USER", Actions = ["advance", "cancel"], Version = 7,
    };

    [Fact]
    public void Confirming_the_dialog_makes_one_call_naming_the_target_and_the_consequence()
    {
        var dialogs = RenderDialogs();
        var bar = RenderFor<ActionBar>(Operator, p => p.Add(b => b.Operation, Suspended));

        bar.Find("button[data-action-button=cancel]").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Target: west", dialogs.Find(".mud-dialog").TextContent, StringComparison.Ordinal));
        Assert.Contains("nothing is rolled back", dialogs.Find(".mud-dialog").TextContent, StringComparison.Ordinal);
        Assert.Empty(Actions.Calls);
        dialogs.Find("button[data-confirm=cancel]").Click();

        var (subject, input, key) = Assert.Single(Actions.Calls);
        Assert.Equal("west:cluster-restore", subject);
        Assert.Equal("cancel", input.Action);
        Assert.StartsWith("ui:", key, StringComparison.Ordinal);
    }

    [Fact]
    public void Backing_out_of_the_dialog_makes_no_call()
    {
        var dialogs = RenderDialogs();
        var bar = RenderFor<ActionBar>(Operator, p => p.Add(b => b.Operation, Suspended));

        bar.Find("button[data-action-button=cancel]").Click();
        dialogs.WaitForElement("button[data-cancel=cancel]").Click();

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll(".mud-dialog")));
        Assert.Empty(Actions.Calls);
        Assert.False(bar.Find("button[data-action-button=cancel]").HasAttribute("disabled"));
    }

    [Fact]
    public void A_second_click_while_the_action_runs_makes_no_call_and_the_button_is_disabled_until_it_ends()
    {
        var operation = Suspended with { System = "nsx", Actions = ["retry"], State = OperationState.Failed, VendorStatus = "FAILED" };
        Actions.Hold = new TaskCompletionSource();
        var bar = RenderFor<ActionBar>(Operator, p => p.Add(b => b.Operation, operation));
        var button = bar.Find("button[data-action-button=retry]");

        button.Click();
        bar.WaitForAssertion(() => Assert.True(bar.Find("button[data-action-button=retry]").HasAttribute("disabled")));
        bar.Find("button[data-action-button=retry]").Click();
        Actions.Hold.SetResult();

        bar.WaitForAssertion(() => Assert.False(bar.Find("button[data-action-button=retry]").HasAttribute("disabled")));
        Assert.Single(Actions.Calls);
    }

    [Fact]
    public void The_outcome_shows_as_a_snackbar_and_on_the_card_with_the_vendors_own_error()
    {
        var snackbars = Render<MudBlazor.MudSnackbarProvider>();
        var operation = Suspended with { Actions = ["retry"], State = OperationState.Failed, VendorStatus = "FAILED" };
        Actions.Outcome = (subject, input) => new ActionOutcome(subject, "west", input.Action, ActionResultKind.Refused,
            "west refused Retry failed step: nsx answered 409 (22013): Current state: RUNNING",
            new VendorError(409, "22013", "Current state: RUNNING", "cluster-restore", StateConflict: true));
        var card = RenderFor<OperationCardFrame>(Operator, p => p.Add(c => c.Operation, operation));

        card.Find("button[data-action-button=retry]").Click();

        snackbars.WaitForAssertion(() => Assert.Contains("nsx answered 409 (22013): Current state: RUNNING", snackbars.Markup, StringComparison.Ordinal));
        card.WaitForAssertion(() => Assert.Contains("HTTP 409 · code 22013 · cluster-restore", card.Find(".action-outcome").TextContent, StringComparison.Ordinal));
        Assert.Equal("refused", card.Find(".action-outcome").GetAttribute("data-outcome"));
    }

    [Theory]
    [InlineData("viewer")]
    [InlineData("wall")]
    public void Nobody_but_an_operator_or_admin_gets_a_button(string who)
    {
        var user = who == "viewer" ? Viewer : new BackupRestore.Dashboard.Features.Auth.DashboardUser("wall:tv", "viewer", IsWall: true);

        var bar = RenderFor<ActionBar>(user, p => p.Add(b => b.Operation, Suspended));

        Assert.Empty(bar.FindAll("button"));
    }
}
