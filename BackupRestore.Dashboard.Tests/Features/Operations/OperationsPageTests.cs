using BackupRestore.Dashboard.Features.Operations;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Components;
using static BackupRestore.Dashboard.Tests.Features.Operations.OperationExamples;

namespace BackupRestore.Dashboard.Tests.Features.Operations;

/// <summary>The main page in bUnit: counts, filters, grouping and order from the URL; what needs a human first and open; actions in rows.</summary>
public sealed class OperationsPageTests : OperationsPageContext
{
    [Fact]
    public void What_needs_a_human_comes_first_and_is_open_as_its_card()
    {
        var page = Open("/");

        Assert.Equal(["d-suspended", "b-failed", "a-running", "e-idle", "c-done"], RowTargets(page));
        Assert.Equal(["d-suspended:op", "b-failed:op"], page.FindAll("[data-operation]").Select(c => c.GetAttribute("data-operation")));
    }

    [Fact]
    public void Counts_per_state_are_chips_that_filter_by_state()
    {
        var page = Open("/");

        Assert.Equal("1", page.Find(".state-counts [data-state=failed]").GetAttribute("data-count"));
        Assert.Equal("0", page.Find(".state-counts [data-state=cancelled]").GetAttribute("data-count"));
        page.Find(".state-counts [data-state=failed]").Click();

        page.WaitForAssertion(() => Assert.EndsWith("/?state=failed", Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal));
        page.WaitForAssertion(() => Assert.Equal(["b-failed"], RowTargets(page)));
    }

    [Fact]
    public void System_chips_filter_by_system_and_a_second_click_clears_it()
    {
        var page = Open("/");
        var navigation = Services.GetRequiredService<NavigationManager>();

        page.Find(".filter-system [data-value=cbr]").Click();
        page.WaitForAssertion(() => Assert.EndsWith("/?system=cbr", navigation.Uri, StringComparison.Ordinal));
        page.WaitForAssertion(() => Assert.Equal(["b-failed", "c-done"], RowTargets(page)));
        Assert.Equal("true", page.Find(".filter-system [data-value=cbr]").GetAttribute("aria-pressed"));

        page.Find(".filter-system [data-value=cbr]").Click();
        page.WaitForAssertion(() => Assert.Equal(5, RowTargets(page).Count));
        Assert.Equal("false", page.Find(".filter-system [data-value=cbr]").GetAttribute("aria-pressed"));
    }

    [Fact]
    public void Group_chips_set_the_grouping_in_the_url()
    {
        var page = Open("/");

        page.Find(".filter-group [data-value=system]").Click();

        page.WaitForAssertion(() => Assert.EndsWith("/?group=system", Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal));
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll(".group-header").Count));
        Assert.Equal("true", page.Find(".filter-group [data-value=system]").GetAttribute("aria-pressed"));
    }

    [Theory]
    [InlineData("/?system=cbr", new[] { "b-failed", "c-done" })]
    [InlineData("/?state=running,idle", new[] { "a-running", "e-idle" })]
    [InlineData("/?target=ED", new[] { "d-suspended", "b-failed" })]
    [InlineData("/?finished=hide", new[] { "d-suspended", "b-failed", "a-running", "e-idle" })]
    [InlineData("/?state=succeeded&finished=hide", new string[0])]
    [InlineData("/?sort=target&dir=desc", new[] { "d-suspended", "b-failed", "e-idle", "c-done", "a-running" })]
    [InlineData("/?sort=progress&dir=desc", new[] { "d-suspended", "b-failed", "a-running", "e-idle", "c-done" })]
    public void Filters_and_sort_come_from_the_url(string url, string[] expected)
    {
        var page = Open(url);

        Assert.Equal(expected, RowTargets(page));
    }

    [Fact]
    public void Grouping_by_system_puts_a_header_with_counts_over_each_group()
    {
        var page = Open("/?group=system");

        var headers = page.FindAll(".group-header").Select(h => h.TextContent).ToList();
        Assert.Equal(3, headers.Count);
        Assert.Contains("CBR", headers[0], StringComparison.Ordinal);
        Assert.Contains("2 operations · 1 need a human", headers[0], StringComparison.Ordinal);
        Assert.Equal(["b-failed", "c-done", "d-suspended", "a-running", "e-idle"], RowTargets(page));
    }

    [Fact]
    public void Open_as_wall_carries_the_view()
    {
        var page = Open("/?system=nsx&state=failed,suspended");

        Assert.Equal("/wall?system=nsx&state=suspended,failed", page.Find("#wall-link").GetAttribute("href"));
    }


    [Fact]
    public void In_a_row_an_action_with_a_form_opens_the_card_instead_of_running()
    {
        Poll("a-running", Of("a-running", OperationState.Running, actions: ["advance"]));
        var page = Open("/");
        Assert.DoesNotContain("a-running:op", page.FindAll("[data-operation]").Select(c => c.GetAttribute("data-operation")));

        Row(page, "a-running").QuerySelector("button[data-action-button=advance]")!.Click();

        page.WaitForAssertion(() => Assert.Contains("a-running:op", page.FindAll("[data-operation]").Select(c => c.GetAttribute("data-operation"))));
        Assert.Empty(Actions.Calls);
    }

    [Fact]
    public void A_double_click_on_a_row_button_makes_one_call_and_the_button_waits_for_the_outcome()
    {
        Poll("a-running", Of("a-running", OperationState.Failed, actions: ["retry"]));
        Actions.Hold = new TaskCompletionSource();
        var page = Open("/?state=failed");
        var button = () => page.FindAll("tr.op-row").Single(r => r.QuerySelector("td.cell-target")?.TextContent == "a-running").QuerySelector("button[data-action-button=retry]")!;

        button().Click();
        page.WaitForAssertion(() => Assert.True(button().HasAttribute("disabled")));
        button().Click();
        Actions.Hold.SetResult();

        page.WaitForAssertion(() => Assert.False(button().HasAttribute("disabled")));
        Assert.Single(Actions.Calls);
    }

    [Fact]
    public void A_viewer_gets_no_buttons_in_rows()
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo("/");
        var page = RenderFor<OperationsPage>(Viewer);

        Assert.NotEmpty(page.FindAll("tr.op-row"));
        Assert.Empty(page.FindAll("tr.op-row button[data-action-button]"));
    }

    [Fact]
    public void Hostile_vendor_strings_in_a_row_stay_text()
    {
        const string Hostile = "\"><img src=x onerror=alert(1)><script>alert(2)</script>&amp;";
        Poll("x-hostile", Of("x-hostile", OperationState.Running, subject: Hostile) with
        {
            Message = Hostile,
            Step = new OperationStep(1, 3, Hostile, Hostile, "RUNNING", null),
        });

        var row = Row(Open("/"), "x-hostile");

        Assert.Empty(row.QuerySelectorAll("img, script"));
        Assert.Equal(Hostile, row.QuerySelector("td.cell-message")!.TextContent);
        Assert.Equal(Hostile, row.QuerySelector("td.cell-message")!.GetAttribute("title"));
        Assert.Equal($"restore · {Hostile}", row.QuerySelector("td.cell-what")!.TextContent);
        Assert.Equal($"1 of 3 · {Hostile}", row.QuerySelector("td.cell-step")!.TextContent);
        Assert.Equal(Hostile, row.QuerySelector("td.cell-step")!.GetAttribute("title"));
    }
}
