using BackupRestore.Dashboard.Components.Shared;
using BackupRestore.Dashboard.Features.Operations;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using static BackupRestore.Dashboard.Tests.Features.Operations.OperationExamples;

namespace BackupRestore.Dashboard.Tests.Features.Operations;

/// <summary>The main page live: what a change of the store renders (and what it does not), and the clock.</summary>
public sealed class OperationsPageLiveTests : OperationsPageContext
{
    [Fact]
    public void A_change_of_one_operation_renders_its_row_and_not_the_page()
    {
        var page = Open("/");
        var summaries = Services.GetRequiredService<BackupRestore.Dashboard.Features.Live.LiveStats>().SummaryRenders;

        Poll("a-running", Of("a-running", OperationState.Running, progress: 75));

        page.WaitForAssertion(() => Assert.Contains("75 %", Row(page, "a-running").TextContent, StringComparison.Ordinal));
        Assert.Equal(summaries, Services.GetRequiredService<BackupRestore.Dashboard.Features.Live.LiveStats>().SummaryRenders);
    }

    [Fact]
    public void Sorted_by_progress_a_progress_change_moves_the_row_also_after_switching_the_sort_on_the_page()
    {
        Poll("f-running", Of("f-running", OperationState.Running, progress: 10));
        var page = Open("/");
        // A progress tick under the default order reaches the row only; the page must still sort by the new value later.
        Poll("f-running", Of("f-running", OperationState.Running, progress: 60));
        page.WaitForAssertion(() => Assert.Contains("60 %", Row(page, "f-running").TextContent, StringComparison.Ordinal));

        page.Find("[data-sort=progress]").Click();
        page.WaitForAssertion(() => Assert.Equal(["d-suspended", "b-failed", "e-idle", "c-done", "a-running", "f-running"], RowTargets(page)));

        Poll("f-running", Of("f-running", OperationState.Running, progress: 5));
        page.WaitForAssertion(() => Assert.Equal(["d-suspended", "b-failed", "e-idle", "c-done", "f-running", "a-running"], RowTargets(page)));
    }

    [Fact]
    public void A_row_that_takes_a_change_records_how_long_after_the_poll_it_did()
    {
        var page = Open("/");
        var stats = Services.GetRequiredService<BackupRestore.Dashboard.Features.Diagnostics.RuntimeStats>();
        var before = stats.RenderDelaySamples;

        Poll("a-running", Of("a-running", OperationState.Running, progress: 75));

        page.WaitForAssertion(() => Assert.Contains("75 %", Row(page, "a-running").TextContent, StringComparison.Ordinal));
        Assert.Equal(before + 1, stats.RenderDelaySamples);
        // The fake clock did not move between the poll and the render.
        Assert.Equal(0, stats.RenderDelay(95));
    }

    [Fact]
    public void A_state_change_moves_the_operation_and_updates_the_counts()
    {
        var page = Open("/");

        Poll("a-running", Of("a-running", OperationState.Failed));

        page.WaitForAssertion(() => Assert.Equal("2", page.Find(".state-counts [data-state=failed]").GetAttribute("data-count")));
        Assert.Equal(["d-suspended", "a-running", "b-failed", "e-idle", "c-done"], RowTargets(page));
        Assert.Contains("a-running:op", page.FindAll("[data-operation]").Select(c => c.GetAttribute("data-operation")));
    }

    [Fact]
    public void A_state_change_renders_the_counts_again_but_not_the_filters()
    {
        var page = Open("/");
        var filters = page.FindComponent<OperationFilters>();
        var counts = page.FindComponent<StateCounts>();
        var (filterRenders, countRenders) = (filters.RenderCount, counts.RenderCount);

        Poll("a-running", Of("a-running", OperationState.Failed));

        page.WaitForAssertion(() => Assert.Equal("2", page.Find(".state-counts [data-state=failed]").GetAttribute("data-count")));
        Assert.Equal(countRenders + 1, counts.RenderCount);
        Assert.Equal(filterRenders, filters.RenderCount);

        page.Find(".filter-system [data-value=cbr]").Click();
        page.WaitForAssertion(() => Assert.Equal("true", page.Find(".filter-system [data-value=cbr]").GetAttribute("aria-pressed")));
    }

    [Fact]
    public void A_list_render_keeps_the_click_handlers_of_the_chips_and_the_sort_headers_and_leaves_the_clock_pulse_alone()
    {
        var page = Open("/");
        string? Handler(string selector) => page.Find(selector).GetAttribute("blazor:onclick");
        var (chip, header) = (Handler(".state-counts [data-state=failed]"), Handler("[data-sort=target]"));
        var pulse = page.FindComponent<ClockPulse>();
        var pulses = pulse.RenderCount;

        Poll("a-running", Of("a-running", OperationState.Failed));

        page.WaitForAssertion(() => Assert.Equal("2", page.Find(".state-counts [data-state=failed]").GetAttribute("data-count")));
        Assert.NotNull(chip);
        // A new closure would be a new handler id in every list render of every circuit.
        Assert.Equal(chip, Handler(".state-counts [data-state=failed]"));
        Assert.Equal(header, Handler("[data-sort=target]"));
        Assert.Equal(pulses, pulse.RenderCount);
        // The kept handlers still act on the current view.
        page.Find("[data-sort=target]").Click();
        page.WaitForAssertion(() => Assert.Equal("ascending", page.Find("th:has([data-sort=target])").GetAttribute("aria-sort")));
    }

    [Fact]
    public void The_clock_renders_a_row_again_only_when_its_time_in_state_reads_differently()
    {
        var page = Open("/");
        Time.Advance(TimeSpan.FromHours(2));
        page.WaitForAssertion(() => Assert.Contains("≥ 2 h", Row(page, "a-running").TextContent, StringComparison.Ordinal));
        var row = page.FindComponents<OperationRow>().Single(r => r.Instance.OperationId == "a-running:op");
        // bUnit counts a render of anything below a component as its render (the clock's pulse is on the page): the
        // page's own renders show in its grid, which renders whenever the page does.
        var grid = page.FindComponent<OperationGrid>();
        var (rowRenders, gridRenders) = (row.RenderCount, grid.RenderCount);
        var ticks = 0;
        Services.GetRequiredService<LiveClock>().Ticked += () => ticks++;

        Time.Advance(OperationsPage.TickEvery);

        page.WaitForAssertion(() => Assert.Equal(1, ticks));
        Assert.Equal(rowRenders, row.RenderCount);
        // The page itself renders nothing on the clock: each row checks its own time in state.
        Assert.Equal(gridRenders, grid.RenderCount);
        Time.Advance(TimeSpan.FromHours(1));
        page.WaitForAssertion(() => Assert.Contains("≥ 3 h", Row(page, "a-running").TextContent, StringComparison.Ordinal));
        Assert.True(row.RenderCount > rowRenders);
    }

    [Fact]
    public void The_clock_moves_the_relative_times_in_an_open_card_without_rendering_the_card_again()
    {
        var page = Open("/");
        var card = page.FindComponents<OperationCard>().Single(c => c.Instance.OperationId == "d-suspended:op");
        Time.Advance(TimeSpan.FromMinutes(1));
        page.WaitForAssertion(() => Assert.Equal("≥ 1 min", card.Find(".time-in-state").TextContent.Trim()));
        // The header holds no relative time: it renders again only when the card does.
        var header = card.FindComponent<MudBlazor.MudCardHeader>();
        var renders = header.RenderCount;

        Time.Advance(TimeSpan.FromHours(2));

        page.WaitForAssertion(() => Assert.Equal("≥ 2 h", card.Find(".time-in-state").TextContent.Trim()));
        Assert.Equal(renders, header.RenderCount);
        Poll("d-suspended", Of("d-suspended", OperationState.Suspended, progress: 50, actions: ["advance", "cancel"]));
        page.WaitForAssertion(() => Assert.True(header.RenderCount > renders));
    }

    [Fact]
    public void A_new_operation_appears_and_a_removed_one_leaves()
    {
        var page = Open("/");

        Poll("f-new", Of("f-new", OperationState.Running));
        Poll("e-idle");

        page.WaitForAssertion(() => Assert.Equal(["d-suspended", "b-failed", "a-running", "f-new", "c-done"], RowTargets(page)));
    }
}
