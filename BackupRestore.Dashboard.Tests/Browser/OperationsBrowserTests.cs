using BackupRestore.Dashboard.Features.Auth;
using BackupRestore.Dashboard.Tests.Infrastructure;
using BackupRestore.Simulator.GeminiDb;
using BackupRestore.Simulator.Nsx;
using BackupRestore.Simulator.Vcenter;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BackupRestore.Dashboard.Tests.Browser;

/// <summary>The operations console in Chromium, on its circuit: live steps, advance, cancel through the dialog, stop, viewers.</summary>
[Collection(BrowserCollection.Name)]
public sealed class OperationsBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);
    private SimulatorHandle sim = default!;
    private DashboardApp app = default!;
    private NsxMachine east = default!;
    private NsxMachine west = default!;

    public async Task InitializeAsync()
    {
        sim = await SimulatorHandle.StartAsync();
        east = sim.AddNsx("east", NsxScenario.RunsToSuccess);
        west = sim.AddNsx("west", NsxScenario.SuspendsForUserAction);
        sim.Fleet.AddGeminiDb("gdb", GeminiDbScenario.Default);
        sim.Fleet.AddVcenter("vc", VcenterScenario.Running);
        app = DashboardApp.Start(new[] { ("nsx", "east"), ("nsx", "west"), ("geminidb", "gdb"), ("vcenter", "vc") }
            .Select(t => sim.TargetOptions(t.Item1, t.Item2, Poll)));
        await app.WaitForOperationAsync("west:cluster-restore");
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        await sim.DisposeAsync();
    }

    [Fact]
    public async Task A_step_advance_appears_without_a_reload()
    {
        var page = await OpenAsync(Roles.Operator);
        var step = Row(page, "east").Locator("td.cell-step");
        await Expect(step).ToContainTextAsync("2 of 11");
        await page.EvaluateAsync("window.__sameDocument = true");

        east.CompleteCurrentStep();

        // Within the poll interval plus one second.
        await Expect(step).ToContainTextAsync("3 of 11", new() { Timeout = (float)(Poll + TimeSpan.FromSeconds(1)).TotalMilliseconds });
        Assert.True(await page.EvaluateAsync<bool>("window.__sameDocument === true"));
    }

    [Fact]
    public async Task The_operator_answers_an_instruction_by_ticking_resources_and_advancing()
    {
        var page = await OpenAsync(Roles.Operator);
        var card = Card(page, "west:cluster-restore");
        var boxes = card.Locator(".resources input[type=checkbox]");
        await Expect(boxes).ToHaveCountAsync(3);

        await boxes.Nth(0).CheckAsync();
        await boxes.Nth(2).CheckAsync();
        await card.Locator("button[data-action-button=advance]").ClickAsync();

        await Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("Resume sent to west");
        await Expect(Row(page, "west").Locator(".state-badge")).ToContainTextAsync("Running");
        var answer = Assert.Single(west.LastAdvance!.Data!);
        Assert.Equal([true, false, true], answer.Resources!.Select(r => r.Selected!.Value));
    }

    [Fact]
    public async Task Cancel_asks_in_a_dialog_naming_the_target_then_cancels_without_moving_the_page()
    {
        var page = await OpenAsync(Roles.Operator);
        var card = Card(page, "west:cluster-restore");
        await page.EvaluateAsync("window.scrollTo(0, 0)");

        await card.Locator("button[data-action-button=cancel]").ClickAsync();
        var dialog = page.Locator(".mud-dialog");
        await Expect(dialog).ToContainTextAsync("Target: west");
        await Expect(dialog).ToContainTextAsync("nothing is rolled back");
        Assert.Empty(sim.ActionCalls("nsx", "west"));
        await dialog.Locator("button[data-confirm=cancel]").ClickAsync();

        await Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("Status now: ABORTED");
        await Expect(Row(page, "west").Locator(".state-badge")).ToContainTextAsync("Cancelled");
        await Expect(Row(page, "west").Locator("button[data-action-button]")).ToHaveCountAsync(0);
        Assert.Equal(["POST /api/v1/cluster/restore?action=cancel"], sim.ActionCalls("nsx", "west"));
        // No jump to an anchor: the outcome comes to the operator, the page stays where it was.
        Assert.Equal(0, await page.EvaluateAsync<double>("window.scrollY"));
        Assert.DoesNotContain("#", page.Url, StringComparison.Ordinal);
        await Expect(page.Locator(".mud-snackbar")).ToBeInViewportAsync();
    }

    [Fact]
    public async Task Stop_a_running_GeminiDB_backup_through_its_dialog()
    {
        var page = await OpenAsync(Roles.Operator);
        var row = Row(page, "gdb");
        await row.Locator("button[data-action-button=stop]").ClickAsync();
        var dialog = page.Locator(".mud-dialog");
        await Expect(dialog).ToContainTextAsync("cancelled");
        await dialog.Locator("button[data-confirm=stop]").ClickAsync();

        await Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("Stop backup sent to gdb");
        Assert.Single(sim.ActionCalls("geminidb", "gdb"), c => c.StartsWith("PUT /v3/", StringComparison.Ordinal));
        await Expect(row.Locator("button[data-action-button=stop]")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Cancel_a_running_vCenter_restore_job_from_its_row()
    {
        var page = await OpenAsync(Roles.Operator);

        await Row(page, "vc").Locator("button[data-action-button=cancel]").ClickAsync();
        await page.Locator(".mud-dialog button[data-confirm=cancel]").ClickAsync();

        await Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("Cancel restore job sent to vc");
        await Expect(Row(page, "vc").Locator(".state-badge")).ToContainTextAsync("Failed");
    }

    [Fact]
    public async Task A_viewer_sees_no_action_controls_not_even_after_a_change()
    {
        var page = await OpenAsync(Roles.Viewer);
        await Expect(Card(page, "west:cluster-restore").Locator(".resources")).ToBeVisibleAsync();
        Assert.Equal(0, await page.Locator("main [data-action-button], main .resources input[type=checkbox], main .action-bar").CountAsync());

        east.CompleteCurrentStep();
        await Expect(Row(page, "east").Locator("td.cell-step")).ToContainTextAsync("3 of 11");

        Assert.Equal(0, await page.Locator("main [data-action-button], main .action-bar button").CountAsync());
        Assert.Equal(0, await page.Locator("nav a[href='/audit']").CountAsync());
    }

    private async Task<IPage> OpenAsync(string role)
    {
        var page = await browser.SignedInPageAsync(app, role);
        await page.GotoAsync("/");
        await Expect(Row(page, "west")).ToBeVisibleAsync();
        return page;
    }

    internal static ILocator Row(IPage page, string target) =>
        page.Locator("tr.op-row").Filter(new() { Has = page.Locator($"td.cell-target a:text-is('{target}')") });

    internal static ILocator Card(IPage page, string operationId) => page.Locator($"[data-operation='{operationId}']");
}
