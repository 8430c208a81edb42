using BackupRestore.Dashboard.Features.Targets;
using BackupRestore.Dashboard.Tests.Infrastructure;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BackupRestore.Dashboard.Tests.Features.Targets;

/// <summary>/targets: every target's health as an icon and a word, sortable, live from the health board.</summary>
public sealed class TargetsPageTests : DashboardTestContext
{
    private static readonly TargetOptions East = new() { Name = "nsx-east", System = "nsx", BaseUrl = "https://east.example.com" };
    private static readonly TargetOptions Vault = new() { Name = "cbr-vault", System = "cbr", BaseUrl = "https://cbr.example.com" };
    private static readonly TargetOptions Engine = new() { Name = "cse-engine", System = "cse", BaseUrl = "https://cse.example.com" };

    private readonly SignallingClock clock = new(Start);

    public TargetsPageTests()
    {
        Services.AddSingleton<TimeProvider>(clock);
        Services.AddSingleton(new TargetCatalog(Options.Create(new DashboardTargetsOptions { Targets = [East, Vault, Engine] })));
        Services.AddSingleton<TargetHealthBoard>();
    }

    private TargetHealthBoard Board => Services.GetRequiredService<TargetHealthBoard>();

    [Fact]
    public void Each_target_shows_its_health_as_an_icon_and_a_word_problems_first_and_links_to_its_page()
    {
        Board.RecordSuccess(East, Start);
        Board.RecordFailure(Vault, Start, "CBR answered 503: service unavailable");

        var page = RenderFor<TargetsPage>(Viewer);

        // Not reachable first, then what is not known yet, then the healthy ones.
        Assert.Equal(["cbr-vault", "cse-engine", "nsx-east"], Names(page));
        Assert.Equal(["not-reachable", "not-polled", "reachable"], page.FindAll("[data-health]").Select(b => b.GetAttribute("data-health")));
        Assert.Equal(["Not reachable", "Not polled yet", "Reachable"], page.FindAll("[data-health] .mud-chip-content").Select(b => b.TextContent));
        Assert.All(page.FindAll("[data-health]"), badge => Assert.NotNull(badge.QuerySelector("svg")));
        Assert.Equal("/targets/cbr-vault", page.Find("a[data-target-link=cbr-vault]").GetAttribute("href"));
        Assert.Contains("CBR answered 503: service unavailable", Row(page, "cbr-vault").QuerySelector(".cell-error")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("3 targets · 1 reachable · 1 not reachable · 1 not polled yet", page.Find("#target-counts").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_change_of_health_shows_by_itself()
    {
        Board.RecordSuccess(Vault, Start);
        var page = RenderFor<TargetsPage>(Operator);
        Assert.Equal("reachable", Health(page, "cbr-vault"));

        Board.RecordFailure(Vault, Start.AddSeconds(5), "Cannot reach the backend: Connection refused");
        await clock.PassAsync(TargetsPage.Window);

        page.WaitForAssertion(() => Assert.Equal("not-reachable", Health(page, "cbr-vault")));
        Assert.Contains("Connection refused", Row(page, "cbr-vault").QuerySelector(".cell-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("cbr-vault", Names(page)[0]);
    }

    [Fact]
    public void A_poll_that_changes_nothing_on_screen_gives_an_equal_line_so_nothing_is_rendered()
    {
        var first = TargetRowView.Of(Board.RecordSuccess(East, Start), Start.AddSeconds(1));
        var next = TargetRowView.Of(Board.RecordSuccess(East, Start.AddSeconds(2)), Start.AddSeconds(3));
        var later = TargetRowView.Of(Board.Get(East), Start.AddSeconds(40));

        Assert.Equal(first, next);
        Assert.NotEqual(next, later);
        Assert.Equal("38 s ago", later.LastPollText);
    }

    [Fact]
    public void The_table_sorts_by_a_column_when_its_header_is_clicked()
    {
        Board.RecordFailure(East, Start, "down");
        Board.RecordSuccess(Vault, Start);
        Board.RecordSuccess(Engine, Start);
        var page = RenderFor<TargetsPage>(Viewer);
        Assert.Equal("nsx-east", Names(page)[0]);

        page.FindAll(".mud-table-sort-label").First(l => l.TextContent.Contains("Name", StringComparison.Ordinal)).Click();

        page.WaitForAssertion(() => Assert.Equal(["cbr-vault", "cse-engine", "nsx-east"], Names(page)));
    }

    [Fact]
    public void A_circuit_left_open_after_repeated_failures_reads_open()
    {
        Board.RecordFailure(East, Start, "nsx-east is left alone after repeated failures (circuit open); it is probed again in 5 s.");
        Board.RecordSuccess(Vault, Start);

        var page = RenderFor<TargetsPage>(Viewer);

        Assert.Equal("Open", Row(page, "nsx-east").QuerySelector("[data-circuit]")!.TextContent.Trim());
        Assert.Equal("open", Row(page, "nsx-east").QuerySelector("[data-circuit]")!.GetAttribute("data-circuit"));
        Assert.Equal("closed", Row(page, "cbr-vault").QuerySelector("[data-circuit]")!.GetAttribute("data-circuit"));
        Assert.Equal("unknown", Row(page, "cse-engine").QuerySelector("[data-circuit]")!.GetAttribute("data-circuit"));
    }

    [Fact]
    public async Task The_page_stops_following_the_board_when_it_goes_away()
    {
        RenderFor<TargetsPage>(Viewer);
        Assert.Equal(1, Board.SubscriberCount);

        await DisposeComponentsAsync();

        Assert.Equal(0, Board.SubscriberCount);
    }

    [Fact]
    public void Vendor_strings_in_errors_stay_text()
    {
        Board.RecordFailure(East, Start, "<img src=x onerror=alert(1)>");

        var page = RenderFor<TargetsPage>(Viewer);

        Assert.Empty(page.FindAll(".cell-error img"));
        Assert.Contains("<img src=x onerror=alert(1)>", page.Find(".cell-error").TextContent, StringComparison.Ordinal);
    }

    private static List<string> Names(IRenderedComponent<TargetsPage> page) =>
        page.FindAll("a[data-target-link]").Select(a => a.GetAttribute("data-target-link")!).ToList();

    private static AngleSharp.Dom.IElement Row(IRenderedComponent<TargetsPage> page, string target) =>
        page.Find($"a[data-target-link='{target}']").Closest("tr")!;

    private static string? Health(IRenderedComponent<TargetsPage> page, string target) =>
        page.Find($"[data-target-health='{target}'] [data-health]").GetAttribute("data-health");
}
