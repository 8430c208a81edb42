using BackupRestore.Dashboard.Features.Operations;
using BackupRestore.Dashboard.Features.Wall;
using BackupRestore.Dashboard.Tests.Infrastructure;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace BackupRestore.Dashboard.Tests.Features.Wall;

/// <summary>The wall in bUnit: what gets a tile and what a count, order, staleness, paging, and that it is never a control.</summary>
public sealed class WallPageTests : DashboardTestContext
{
    [Fact]
    public void Finished_and_idle_operations_collapse_into_counts_rather_than_tiles()
    {
        Poll("east", Op("east", "a", OperationState.Failed), Op("east", "b", OperationState.Suspended), Op("east", "c", OperationState.Running));
        Poll("done", Op("done", "1", OperationState.Succeeded), Op("done", "2", OperationState.Succeeded), Op("done", "3", OperationState.Succeeded),
            Op("done", "4", OperationState.Cancelled), Op("done", "5", OperationState.Idle), Op("done", "6", OperationState.Idle));

        var wall = Wall();

        Assert.Equal(["east:b", "east:a", "east:c"], TileIds(wall));
        Assert.Equal("3 succeeded in the last 24 h", Count(wall, "succeeded"));
        Assert.Equal("1 cancelled in the last 24 h", Count(wall, "cancelled"));
        Assert.Equal("2 idle", Count(wall, "idle"));
        Assert.Equal("Failed 1", Count(wall, "failed"));
        Assert.Equal("0", wall.Find(".wall-count[data-state=unknown]").GetAttribute("data-count"));
    }

    [Fact]
    public void A_filter_that_asks_for_finished_states_gets_them_as_tiles_and_only_its_states_are_counted()
    {
        Poll("east", Op("east", "a", OperationState.Failed), Op("east", "b", OperationState.Running), Op("east", "c", OperationState.Succeeded),
            Op("east", "d", OperationState.Idle));

        var wall = Wall("/wall?state=succeeded,failed");

        Assert.Equal(["east:a", "east:c"], TileIds(wall));
        Assert.Equal(["failed", "succeeded"], wall.FindAll(".wall-count").Select(c => c.GetAttribute("data-state")));
        Assert.Equal("false", wall.Find(".wall-count[data-state=succeeded]").GetAttribute("data-collapsed"));
        Assert.Equal("Failed, Succeeded", wall.Find("#wall-scope").TextContent);
    }

    [Fact]
    public void The_walls_filters_come_from_its_address_like_the_main_page()
    {
        Poll("nsx-east", Op("nsx-east", "a", OperationState.Failed));
        Poll("nsx-west", Op("nsx-west", "a", OperationState.Suspended));
        Poll("cbr-prod", Op("cbr-prod", "a", OperationState.Failed, system: "cbr"));

        var wall = Wall("/wall?system=nsx&state=failed,suspended&target=east");

        Assert.Equal(["nsx-east:a"], TileIds(wall));
        Assert.Equal("NSX-T · Suspended, Failed · target “east”", wall.Find("#wall-scope").TextContent);
    }

    [Fact]
    public void What_needs_a_human_comes_first_whatever_the_names()
    {
        Poll("aaa", Op("aaa", "run", OperationState.Running));
        Poll("mmm", Op("mmm", "unknown", OperationState.Unknown));
        Poll("zzz", Op("zzz", "failed", OperationState.Failed), Op("zzz", "suspended", OperationState.Suspended));

        var wall = Wall();

        Assert.Equal(["zzz:suspended", "zzz:failed", "mmm:unknown", "aaa:run"], TileIds(wall));
    }

    [Fact]
    public void A_new_failure_joins_the_wall_first()
    {
        Poll("aaa", Op("aaa", "run", OperationState.Running));
        var wall = Wall();

        Poll("zzz", Op("zzz", "failed", OperationState.Failed));

        wall.WaitForAssertion(() => Assert.Equal(["zzz:failed", "aaa:run"], TileIds(wall)));
        Assert.Equal("Failed 1", Count(wall, "failed"));
    }

    [Fact]
    public void A_tile_turns_stale_and_says_its_target_is_unreachable_when_the_poller_says_so()
    {
        Poll("east", Op("east", "a", OperationState.Running));
        var wall = Wall();
        Assert.Empty(wall.FindAll(".tile-stale"));
        Assert.Equal("false", wall.Find("article.wall-tile").GetAttribute("data-stale"));

        Poll("east", Op("east", "a", OperationState.Running) with { Stale = true, TargetIssue = "Cannot reach the backend: connection refused" });

        wall.WaitForAssertion(() => Assert.Equal("true", wall.Find("article.wall-tile").GetAttribute("data-stale")));
        Assert.Contains("stale", wall.Find("article.wall-tile").ClassList);
        Assert.Equal("⌛ stale", wall.Find(".tile-stale").TextContent);
        Assert.Equal("⚠ target unreachable", wall.Find(".tile-unreachable").TextContent);
        Assert.Equal("Cannot reach the backend: connection refused", wall.Find(".tile-message").TextContent);
        // Freshness is shown only when it matters: no "data N s old" line on a fresh tile or a stale one.
        Assert.DoesNotContain(" old", wall.Find("article.wall-tile").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Hostile_vendor_strings_stay_text()
    {
        Poll("east", Op("east", "a", OperationState.Failed) with
        {
            Subject = "<img src=x onerror=alert(1)>",
            VendorStatus = "<script>alert(2)</script>",
            Message = "<b onmouseover=alert(3)>boom</b>",
            Kind = "<svg onload=alert(4)>",
        });

        var wall = Wall();

        Assert.Empty(wall.FindAll("img"));
        Assert.Empty(wall.FindAll("script"));
        Assert.Empty(wall.FindAll("b"));
        Assert.Empty(wall.FindAll("svg[onload]"));
        Assert.Equal("<b onmouseover=alert(3)>boom</b>", wall.Find(".tile-message").TextContent);
        Assert.Equal("<script>alert(2)</script>", wall.Find(".tile-step").TextContent);
        Assert.Contains("<img src=x onerror=alert(1)>", wall.Find(".tile-what").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void The_wall_renders_no_action_controls_ever_even_for_an_operator()
    {
        Poll("east", Op("east", "a", OperationState.Suspended) with { Actions = ["advance", "cancel"] },
            Op("east", "b", OperationState.Failed) with { Actions = ["retry"] });

        var wall = RenderFor<WallPage>(Operator);

        Assert.Equal(2, wall.FindAll("article.wall-tile").Count);
        Assert.Empty(wall.FindAll("button, a, input, select, textarea, form, [onclick], [data-action-button]"));
    }

    [Fact]
    public void More_tiles_than_fit_readably_turn_pages_by_themselves()
    {
        for (var i = 0; i < 60; i++)
        {
            Poll($"t{i:00}", Op($"t{i:00}", "a", OperationState.Running));
        }
        var wall = Wall();
        var first = TileIds(wall);
        Assert.Equal(30, first.Count);
        Assert.Equal("Page 1 of 2", wall.Find("#wall-page").TextContent);

        Time.Advance(WallPage.PageEvery);
        wall.WaitForAssertion(() => Assert.Equal("Page 2 of 2", wall.Find("#wall-page").TextContent));
        var second = TileIds(wall);
        Time.Advance(WallPage.PageEvery);
        wall.WaitForAssertion(() => Assert.Equal("Page 1 of 2", wall.Find("#wall-page").TextContent));

        Assert.Equal(30, second.Count);
        Assert.Empty(first.Intersect(second));
        Assert.Equal(60, first.Union(second).Count());
        Assert.Equal(first, TileIds(wall));
    }

    [Fact]
    public void A_few_tiles_need_no_pages_and_fill_the_screen()
    {
        for (var i = 0; i < 17; i++)
        {
            Poll($"t{i:00}", Op($"t{i:00}", "a", OperationState.Failed));
        }

        var wall = Wall();

        Assert.Equal(17, TileIds(wall).Count);
        Assert.Empty(wall.FindAll("#wall-page"));
        Assert.Equal("5", wall.Find("#wall-grid").GetAttribute("data-columns"));
        Assert.Equal("4", wall.Find("#wall-grid").GetAttribute("data-rows"));
    }

    [Fact]
    public void The_grid_follows_the_browsers_viewport()
    {
        JSInterop.Setup<BrowserWindowSize>("mudResizeListener.getBrowserWindowSize").SetResult(new BrowserWindowSize { Width = 1280, Height = 720 });
        for (var i = 0; i < 17; i++)
        {
            Poll($"t{i:00}", Op($"t{i:00}", "a", OperationState.Failed));
        }

        var wall = Wall();

        wall.WaitForAssertion(() => Assert.Equal("3", wall.Find("#wall-grid").GetAttribute("data-columns")));
        Assert.Equal(9, TileIds(wall).Count);
        Assert.Equal("Page 1 of 2", wall.Find("#wall-page").TextContent);
    }

    [Fact]
    public void The_clock_and_times_in_state_tick_together_at_each_minute()
    {
        Poll("east", Op("east", "a", OperationState.Failed));
        var wall = Wall();
        Assert.Equal("12:00", ClockText(wall));
        Assert.Equal("just now", wall.Find(".tile-since").TextContent);

        Time.Advance(TimeSpan.FromMinutes(3));

        wall.WaitForAssertion(() => Assert.Equal("12:03", ClockText(wall)));
        Assert.Equal("≥ 3 min", wall.Find(".tile-since").TextContent);
    }

    [Fact]
    public void Nothing_to_show_says_so_in_words()
    {
        Poll("done", Op("done", "1", OperationState.Succeeded));

        var wall = Wall();

        Assert.Equal("Nothing needs a human right now.", wall.Find("#wall-empty").TextContent.Trim());
        Assert.Equal("1 succeeded in the last 24 h", Count(wall, "succeeded"));
    }

    [Fact]
    public async Task Leaving_the_wall_ends_its_subscriptions_and_timers()
    {
        Poll("east", Op("east", "a", OperationState.Failed), Op("east", "b", OperationState.Running));
        var before = Store.SubscriberCount;
        var wall = Wall();
        Assert.Equal(before + 3, Store.SubscriberCount);

        var renders = wall.RenderCount;
        await DisposeComponentsAsync();
        Time.Advance(TimeSpan.FromMinutes(2));

        Assert.Equal(before, Store.SubscriberCount);
        Assert.Equal(renders, wall.RenderCount);
    }

    private IRenderedComponent<WallPage> Wall(string uri = "/wall")
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo(uri);
        return RenderFor<WallPage>(Viewer);
    }

    private static List<string> TileIds(IRenderedComponent<WallPage> wall) =>
        wall.FindAll("article.wall-tile").Select(t => t.Id!["tile-".Length..]).ToList();

    private static string Count(IRenderedComponent<WallPage> wall, string state) =>
        string.Join(' ', wall.Find($".wall-count[data-state={state}]").TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static string ClockText(IRenderedComponent<WallPage> wall) => wall.Find("#wall-clock").TextContent.Replace(" UTC", "", StringComparison.Ordinal);

    internal static Operation Op(string target, string id, OperationState state, string system = "nsx") => new()
    {
        Id = $"{target}:{id}",
        Target = target,
        System = system,
        Kind = "restore",
        State = state,
        VendorStatus = state.ToString().ToUpperInvariant(),
        Message = state == OperationState.Failed ? "The restore failed." : null,
    };
}
