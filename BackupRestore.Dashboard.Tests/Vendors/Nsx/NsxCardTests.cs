using BackupRestore.Dashboard.Features.Auth;
using BackupRestore.Dashboard.Features.Operations;
using BackupRestore.Dashboard.Tests.Infrastructure;
using BackupRestore.Dashboard.Vendors.Nsx;
using Bunit;

namespace BackupRestore.Dashboard.Tests.Vendors.Nsx;

/// <summary>The NSX card in bUnit: every status and its endpoints → the buttons shown, for an operator and a viewer; fields; instructions.</summary>
public sealed class NsxCardTests : DashboardTestContext
{
    /// <summary>Each status with the endpoints NSX offers in it → the action buttons an operator must see, no more.</summary>
    public static TheoryData<string, string[], string[]> StatusToButtons => new()
    {
        { "INITIAL", ["start"], ["start"] },
        { "RUNNING", ["suspend"], ["suspend"] },
        { "SUSPENDING", [], [] },
        { "SUSPENDED_FOR_USER_ACTION", ["advance", "cancel"], ["advance", "cancel"] },
        { "SUSPENDED_BY_USER", ["advance", "cancel"], ["advance", "cancel"] },
        { "SUSPENDED", ["advance", "cancel"], ["advance", "cancel"] },
        { "FAILED", ["retry", "retry_with_updated_config", "cancel"], ["cancel", "retry", "retry_with_updated_config"] },
        { "FAILED", ["retry", "cancel"], ["cancel", "retry"] },
        { "SUCCESS", [], [] },
        { "ABORTED", [], [] },
    };

    [Theory]
    [MemberData(nameof(StatusToButtons))]
    public void An_operator_sees_exactly_the_actions_that_endpoints_offers(string status, string[] endpoints, string[] expected)
    {
        var card = Card(NsxStatusExamples.Operation(status, endpoints), Operator);

        Assert.Equal(expected.Order(StringComparer.Ordinal), Buttons(card));
    }

    [Theory]
    [MemberData(nameof(StatusToButtons))]
    public void A_viewer_gets_no_controls_at_all(string status, string[] endpoints, string[] expected)
    {
        var card = Card(NsxStatusExamples.Operation(status, endpoints), Viewer);

        Assert.Empty(Buttons(card));
        Assert.Empty(card.FindAll("input[type=checkbox]"));
        Assert.Equal(expected.Length == 0, Buttons(Card(NsxStatusExamples.Operation(status, endpoints), Operator)).Count == 0);
    }

    [Fact]
    public void The_card_shows_status_step_indicator_progress_and_times()
    {
        var card = Card(NsxStatusExamples.Operation("RUNNING", "suspend"), Operator);

        Assert.Equal("RUNNING", card.Find(".vendor-status code").TextContent);
        Assert.Contains("RUNNING description", card.Find(".vendor-status").TextContent, StringComparison.Ordinal);
        Assert.Equal("Step 8 of 11", card.Find(".step-count").TextContent);
        Assert.Contains("RECONCILE_FABRIC_NODES", card.Find(".nsx-step").TextContent, StringComparison.Ordinal);
        Assert.Contains("Reconciling fabric nodes", card.Find(".nsx-step").TextContent, StringComparison.Ordinal);
        Assert.Contains("step RUNNING", card.Find(".step-status").TextContent, StringComparison.Ordinal);
        Assert.Equal(11, card.FindAll(".step-indicator li").Count);
        Assert.Equal(7, card.FindAll(".step-indicator li.done").Count);
        Assert.Equal("63 %", card.Find(".progress-text").TextContent);
        Assert.Equal(["Backup taken", "Started"], card.FindAll(".facts dt").Select(d => d.TextContent).Take(2));
        Assert.Equal("2026-11-22T02:01:00.0000000Z", card.Find(".facts time").GetAttribute("datetime"));
        Assert.Contains("UTC", card.Find(".facts time").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void An_instruction_shows_name_actions_and_its_resources_under_the_instruction_fields()
    {
        var card = Card(NsxStatusExamples.Operation("SUSPENDED_FOR_USER_ACTION", "advance", "cancel"), Operator);

        Assert.Contains("Reset Fabric Nodes", card.Find(".instruction").TextContent, StringComparison.Ordinal);
        Assert.Equal(["Run 'del nsx' on each node.", "Restart the node agent."], card.FindAll(".instruction-actions li").Select(li => li.TextContent));
        Assert.Equal(["Done", "display_name", "id", "resource_type", "IP"], card.FindAll(".resources th").Select(th => th.TextContent.Trim()));
        var firstRow = card.FindAll(".resources tbody tr")[0].QuerySelectorAll("td").Skip(1).Select(td => td.TextContent);
        Assert.Equal(["esx-01", "tn-1", "TransportNode", "10.0.0.1"], firstRow);
        Assert.Equal(2, card.FindAll(".resources input[type=checkbox]").Count);
    }

    [Fact]
    public void Advance_sends_the_ticked_resources()
    {
        var card = Card(NsxStatusExamples.Operation("SUSPENDED_FOR_USER_ACTION", "advance", "cancel"), Operator);

        card.FindAll(".resources input[type=checkbox]")[1].Change(true);
        card.Find("button[data-action-button=advance]").Click();

        var (subject, input, _) = Assert.Single(Actions.Calls);
        Assert.Equal("nsx-test:cluster-restore", subject);
        Assert.Equal("advance", input.Action);
        Assert.Equal([$"{NsxStatusExamples.InstructionId}|tn-2"], input.FieldValues("resource"));
    }

    [Fact]
    public void Starting_asks_for_a_backup_of_backuptimestamps_in_a_dialog_and_sends_it()
    {
        var dialogs = RenderDialogs();
        var card = Card(NsxStatusExamples.Operation("INITIAL", "start"), Operator);

        card.Find("button[data-action-button=start]").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Target: nsx-test", dialogs.Find(".mud-dialog").TextContent, StringComparison.Ordinal));
        Assert.Contains("2026-11-22 02:01:00 UTC", dialogs.Markup, StringComparison.Ordinal);
        dialogs.Find("button[data-confirm=start]").Click();

        var (_, input, _) = Assert.Single(Actions.Calls);
        Assert.Equal(["1795312860000|node-1"], input.FieldValues("backup"));
    }

    [Fact]
    public void Vendor_strings_are_encoded_not_interpreted()
    {
        var operation = NsxStatusExamples.Operation("SUSPENDED_FOR_USER_ACTION", "advance", "cancel") with
        {
            VendorStatusDescription = "<script>alert(1)</script>",
            Message = "<img src=x onerror=alert(2)>",
        };

        var card = Card(operation, Operator);

        Assert.Empty(card.FindAll("script"));
        Assert.Empty(card.FindAll("img"));
        Assert.Contains("<script>alert(1)</script>", card.Find(".vendor-status").TextContent, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", card.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void A_target_that_cannot_be_read_says_so_and_offers_nothing()
    {
        var operation = NsxStatusExamples.Operation("SUSPENDED_BY_USER") with { TargetIssue = "NSX answered 503 (101): MANAGER:DOWN" };

        var card = Card(operation, Operator);

        Assert.Contains("MANAGER:DOWN", card.Find("[data-issue=unreachable]").TextContent, StringComparison.Ordinal);
        Assert.Empty(Buttons(card));
    }

    private IRenderedComponent<NsxCard> Card(Operation operation, DashboardUser user) =>
        RenderFor<NsxCard>(user, p => p.Add(c => c.Operation, operation));

    private static List<string> Buttons(IRenderedComponent<NsxCard> card) =>
        card.FindAll("[data-action-button]").Select(b => b.GetAttribute("data-action-button")!).Order(StringComparer.Ordinal).ToList();
}
