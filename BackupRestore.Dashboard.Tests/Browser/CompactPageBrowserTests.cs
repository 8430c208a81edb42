using BackupRestore.Dashboard.Features.Auth;
using BackupRestore.Dashboard.Tests.Infrastructure;
using BackupRestore.Simulator.Nsx;
using static Microsoft.Playwright.Assertions;

namespace BackupRestore.Dashboard.Tests.Browser;

/// <summary>Many operations: quiet ones are rows, what needs a human a card, and pushes keep it that way.</summary>
[Collection(BrowserCollection.Name)]
public sealed class CompactPageBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    private SimulatorHandle sim = default!;
    private DashboardApp app = default!;

    public async Task InitializeAsync()
    {
        sim = await SimulatorHandle.StartAsync();
        sim.AddNsx("busy-1", NsxScenario.RunsToSuccess with { RestartAtStep = null });
        sim.AddNsx("busy-2", NsxScenario.FailsThenSucceedsOnRetry with { StartAtStep = 5 });
        sim.AddNsx("waiting", NsxScenario.SuspendsForUserAction);
        app = DashboardApp.Start(sim.Fleet.Targets.Select(t => sim.TargetOptions(t.System, t.Name, TimeSpan.FromMilliseconds(200))),
            settings: new Dictionary<string, string?> { ["Operations:CompactAbove"] = "2" });
        await app.WaitForOperationAsync("waiting:cluster-restore");
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        await sim.DisposeAsync();
    }

    [Fact]
    public async Task Quiet_operations_are_rows_and_a_pushed_failure_turns_a_row_into_a_card()
    {
        var page = await browser.SignedInPageAsync(app, Roles.Operator);
        await page.GotoAsync("/");
        await Expect(page.Locator("#live-status")).ToHaveAttributeAsync("data-state", "live");

        await Expect(page.Locator("article.row")).ToHaveCountAsync(2);
        await Expect(page.Locator("article.card")).ToHaveCountAsync(1);
        await Expect(page.Locator("article[id='op-busy-1:cluster-restore'].row .row-step")).ToHaveTextAsync("Step 2 of 11");

        sim.Target("nsx", "busy-1").MachineAs<NsxMachine>().CompleteCurrentStep();
        sim.Target("nsx", "busy-2").MachineAs<NsxMachine>().CompleteCurrentStep();

        await Expect(page.Locator("article[id='op-busy-1:cluster-restore'].row .row-step")).ToHaveTextAsync("Step 3 of 11");
        await Expect(page.Locator("article[id='op-busy-2:cluster-restore'].card .badge")).ToContainTextAsync("Failed");
        await Expect(page.Locator("article.row")).ToHaveCountAsync(1);
        // What needs a human comes first, whatever its form.
        await Expect(page.Locator("#operations > article").First).ToHaveAttributeAsync("data-state", "suspended");
        Assert.Equal(0, await page.Locator("article.row form").CountAsync());
    }
}
