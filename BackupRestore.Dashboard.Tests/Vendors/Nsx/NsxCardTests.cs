using BackupRestore.Dashboard.Features.Operations;
using BackupRestore.Dashboard.Tests.Infrastructure;

namespace BackupRestore.Dashboard.Tests.Vendors.Nsx;

public sealed class NsxCardTests : IAsyncDisposable
{
    private readonly ComponentTestContext context = new();

    /// <summary>Each status with the endpoints NSX offers in it → the action controls the card must show, no more.</summary>
    public static TheoryData<string, string[], string[]> StatusToButtons => new()
    {
        { "INITIAL", ["start"], ["start"] },
        { "RUNNING", ["suspend"], ["suspend"] },
        { "SUSPENDING", [], [] },
        { "SUSPENDED_FOR_USER_ACTION", ["advance", "cancel"], ["advance", "cancel"] },
        { "SUSPENDED_BY_USER", ["advance", "cancel"], ["advance", "cancel"] },
        { "FAILED", ["retry", "retry_with_updated_config", "cancel"], ["retry", "retry_with_updated_config", "cancel"] },
        { "SUCCESS", [], [] },
        { "ABORTED", [], [] },
    };

    [Theory]
    [MemberData(nameof(StatusToButtons))]
    public void Card_shows_exactly_the_actions_that_endpoints_offers(string status, string[] endpoints, string[] expected)
    {
        var card = Render(NsxStatusExamples.Operation(status, endpoints));

        var shown = card.FindAll("[data-action-button], [data-confirm]")
            .Select(b => b.GetAttribute("data-action-button") ?? b.GetAttribute("data-confirm"))
            .Order()
            .ToList();
        Assert.Equal(expected.Order(), shown);
    }

    [Theory]
    [InlineData("cancel")]
    [InlineData("suspend")]
    [InlineData("start")]
    public void Destructive_actions_ask_first_inside_a_details_element(string action)
    {
        var status = action switch { "cancel" => "SUSPENDED_BY_USER", "suspend" => "RUNNING", _ => "INITIAL" };
        var card = Render(NsxStatusExamples.Operation(status, action == "cancel" ? ["advance", "cancel"] : [action]));

        var confirm = card.Find($"details.confirm[data-key='confirm-{action}']");
        Assert.Contains("…", confirm.QuerySelector("summary")!.TextContent, StringComparison.Ordinal);
        var form = confirm.QuerySelector("form")!;
        Assert.Equal("post", form.GetAttribute("method"));
        Assert.EndsWith($"/actions/{action}", form.GetAttribute("action"), StringComparison.Ordinal);
    }

    [Fact]
    public void Card_shows_status_step_progress_and_times()
    {
        var card = Render(NsxStatusExamples.Operation("RUNNING", "suspend"));

        Assert.Equal("RUNNING", card.Find(".vendor-status code").TextContent);
        Assert.Contains("RUNNING description", card.Find(".vendor-status").TextContent, StringComparison.Ordinal);
        Assert.Equal("Step 8 of 11", card.Find(".step-count").TextContent);
        Assert.Contains("RECONCILE_FABRIC_NODES", card.Find(".step").TextContent, StringComparison.Ordinal);
        Assert.Contains("Reconciling fabric nodes", card.Find(".step").TextContent, StringComparison.Ordinal);
        Assert.Equal("63", card.Find("progress").GetAttribute("value"));
        var times = card.FindAll(".times dt").Select(d => d.TextContent).ToList();
        Assert.Equal(["Backup taken", "Started", "Ended"], times);
        Assert.Equal("2026-11-22T02:01:00.0000000Z", card.Find(".times time").GetAttribute("datetime"));
        Assert.Contains("UTC", card.Find(".times time").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Instruction_shows_name_actions_and_a_resource_table_with_the_instruction_fields_as_columns()
    {
        var card = Render(NsxStatusExamples.Operation("SUSPENDED_FOR_USER_ACTION", "advance", "cancel"));

        Assert.Contains("Reset Fabric Nodes", card.Find(".instruction h3").TextContent, StringComparison.Ordinal);
        Assert.Equal(["Run 'del nsx' on each node.", "Restart the node agent."], card.FindAll(".instruction-actions li").Select(li => li.TextContent));
        Assert.Equal(["Done", "display_name", "id", "resource_type", "IP"], card.FindAll(".resources th").Select(th => th.TextContent));
        var firstRow = card.FindAll(".resources tbody tr")[0].QuerySelectorAll("td").Skip(1).Select(td => td.TextContent);
        Assert.Equal(["esx-01", "tn-1", "TransportNode", "10.0.0.1"], firstRow);
        var boxes = card.FindAll("form[data-action='advance'] input[type=checkbox][name=resource]");
        Assert.Equal([$"{NsxStatusExamples.InstructionId}|tn-1", $"{NsxStatusExamples.InstructionId}|tn-2"], boxes.Select(b => b.GetAttribute("value")));
    }

    [Fact]
    public void Start_lets_the_operator_pick_one_of_the_listed_backups()
    {
        var card = Render(NsxStatusExamples.Operation("INITIAL", "start"));

        var options = card.FindAll("details[data-key='confirm-start'] select[name=backup] option");
        Assert.Equal(["1795312860000|node-1", "1795227420000|node-1"], options.Select(o => o.GetAttribute("value")));
        Assert.StartsWith("2026-11-22 02:01:00 UTC", options[0].TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Forms_carry_the_card_version_and_a_csrf_field_that_the_page_fills_in()
    {
        var card = Render(NsxStatusExamples.Operation("FAILED", "retry", "cancel"), version: 42);

        foreach (var form in card.FindAll("form"))
        {
            Assert.Equal("42", form.QuerySelector("input[name=v]")!.GetAttribute("value"));
            Assert.NotNull(form.QuerySelector("input[name=__RequestVerificationToken][data-csrf]"));
        }
    }

    [Fact]
    public void Vendor_strings_are_encoded_not_interpreted()
    {
        var operation = NsxStatusExamples.Operation("SUSPENDED_FOR_USER_ACTION", "advance", "cancel") with
        {
            VendorStatusDescription = "<script>alert(1)</script>",
            Message = "<img src=x onerror=alert(2)>",
        };
        var card = Render(operation);

        Assert.Empty(card.FindAll("script"));
        Assert.Empty(card.FindAll("img"));
        Assert.Contains("<script>alert(1)</script>", card.Find(".vendor-status").TextContent, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", card.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void A_target_that_cannot_be_read_says_so_and_offers_nothing()
    {
        var operation = NsxStatusExamples.Operation("SUSPENDED_BY_USER") with { TargetIssue = "NSX answered 503 (101): MANAGER:DOWN" };
        var card = Render(operation);

        Assert.Contains("MANAGER:DOWN", card.Find(".issue").TextContent, StringComparison.Ordinal);
        Assert.Empty(card.FindAll("form"));
    }

    private RenderedComponent Render(Operation operation, long version = 1) =>
        context.Render<OperationCard>(p => p.Add(c => c.Operation, operation).Add(c => c.Version, version));

    public ValueTask DisposeAsync() => context.DisposeAsync();
}
