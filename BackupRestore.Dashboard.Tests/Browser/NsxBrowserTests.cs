using BackupRestore.Dashboard.Features.Auth;
using BackupRestore.Dashboard.Tests.Infrastructure;
using BackupRestore.Simulator.Nsx;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BackupRestore.Dashboard.Tests.Browser;

/// <summary>The NSX slice in Chromium: live updates without reload, advance, confirm-and-cancel, the README screenshot.</summary>
[Collection(BrowserCollection.Name)]
public sealed class NsxBrowserTests(BrowserFixture browser) : IAsyncLifetime
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
        app = DashboardApp.Start([sim.TargetOptions("nsx", "east", Poll), sim.TargetOptions("nsx", "west", Poll)]);
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
        var page = await OpenAsync();
        var step = Card(page, "east").Locator(".step-count");
        await Expect(step).ToHaveTextAsync("Step 2 of 11");
        await page.EvaluateAsync("window.__sameDocument = true");

        east.CompleteCurrentStep();

        // Within the poll interval plus one second.
        await Expect(step).ToHaveTextAsync("Step 3 of 11", new() { Timeout = (float)(Poll + TimeSpan.FromSeconds(1)).TotalMilliseconds });
        Assert.True(await page.EvaluateAsync<bool>("window.__sameDocument === true"));
    }

    [Fact]
    public async Task The_operator_answers_an_instruction_by_ticking_resources_and_advancing()
    {
        var page = await OpenAsync();
        var card = Card(page, "west");
        var boxes = card.Locator("table.resources input[type=checkbox]");
        await Expect(boxes).ToHaveCountAsync(3);

        await boxes.Nth(0).CheckAsync();
        await boxes.Nth(2).CheckAsync();
        await card.Locator("button[data-action-button=advance]").ClickAsync();

        await Expect(page.Locator("#outcome")).ToContainTextAsync("Done.");
        await Expect(Card(page, "west").Locator(".badge")).ToContainTextAsync("Running");
        var answer = Assert.Single(west.LastAdvance!.Data!);
        Assert.Equal([true, false, true], answer.Resources!.Select(r => r.Selected!.Value));
    }

    [Fact]
    public async Task Cancel_asks_for_confirmation_then_cancels_the_suspended_restore()
    {
        var page = await OpenAsync();
        var card = Card(page, "west");
        var confirm = card.Locator("button[data-confirm=cancel]");
        await Expect(confirm).ToBeHiddenAsync();

        await card.Locator("details[data-key=confirm-cancel] > summary").ClickAsync();
        await Expect(confirm).ToBeVisibleAsync();
        Assert.Empty(sim.ActionCalls("nsx", "west"));
        await confirm.ClickAsync();

        await Expect(page.Locator("#outcome")).ToContainTextAsync("Status now: ABORTED");
        await Expect(Card(page, "west").Locator(".badge")).ToContainTextAsync("Cancelled");
        await Expect(Card(page, "west").Locator("form")).ToHaveCountAsync(0);
        Assert.Equal(["POST /api/v1/cluster/restore?action=cancel"], sim.ActionCalls("nsx", "west"));
    }

    [Fact]
    public async Task Confirmation_and_actions_work_without_javascript()
    {
        var context = await browser.Browser.NewContextAsync(new() { BaseURL = app.Address.ToString(), JavaScriptEnabled = false });
        var page = await context.NewPageAsync();
        await BrowserFixture.SignInAsync(page, app, Roles.Operator);
        await page.GotoAsync("/");
        var card = Card(page, "west");

        await card.Locator("details[data-key=confirm-cancel] > summary").ClickAsync();
        await card.Locator("button[data-confirm=cancel]").ClickAsync();

        await Expect(page.Locator("#outcome")).ToContainTextAsync("Status now: ABORTED");
        await Expect(Card(page, "west").Locator(".badge")).ToContainTextAsync("Cancelled");
        await context.CloseAsync();
    }

    private async Task<IPage> OpenAsync()
    {
        var page = await browser.SignedInPageAsync(app, Roles.Operator);
        await page.GotoAsync("/");
        await Expect(page.Locator("#live-status")).ToHaveAttributeAsync("data-state", "live");
        return page;
    }

    private static ILocator Card(IPage page, string target) => page.Locator($"article[id='op-{target}:cluster-restore']");
}
