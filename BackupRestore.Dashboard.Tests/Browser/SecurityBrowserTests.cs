using BackupRestore.Dashboard.Features.Auth;
using BackupRestore.Dashboard.Tests.Infrastructure;
using BackupRestore.Simulator;
using BackupRestore.Simulator.Cbr;
using BackupRestore.Simulator.Cse;
using BackupRestore.Simulator.GeminiDb;
using BackupRestore.Simulator.Nsx;
using BackupRestore.Simulator.Vcenter;
using static Microsoft.Playwright.Assertions;

namespace BackupRestore.Dashboard.Tests.Browser;

/// <summary>Roles and hostile input, in Chromium.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SecurityBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    private const string Payload = "<script>window.__pwned=1</script><img src=x onerror=\"window.__pwned=2\"><b id=\"injected\">bold</b>";
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);
    private SimulatorHandle sim = default!;
    private DashboardApp app = default!;
    private NsxMachine east = default!;

    public async Task InitializeAsync()
    {
        sim = await SimulatorHandle.StartAsync();
        east = sim.AddNsx("east", NsxScenario.RunsToSuccess);
        sim.AddNsx("west", NsxScenario.SuspendsForUserAction);
        sim.Fleet.AddVcenter("vc", VcenterScenario.Failed);
        sim.Fleet.AddGeminiDb("gdb", GeminiDbScenario.WithFailure);
        sim.Fleet.AddCse("cse", CseScenario.Demo);
        sim.Fleet.AddCbr("vault", CbrScenario.Demo);
        app = DashboardApp.Start(new[] { ("nsx", "east"), ("nsx", "west"), ("vcenter", "vc"), ("geminidb", "gdb"), ("cse", "cse"), ("cbr", "vault") }
            .Select(t => sim.TargetOptions(t.Item1, t.Item2, Poll)));
        await app.WaitForOperationAsync("west:cluster-restore");
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        await sim.DisposeAsync();
    }

    [Fact]
    public async Task Script_and_markup_from_every_vendor_text_field_stay_inert_text()
    {
        foreach (var target in sim.Fleet.Targets)
        {
            target.Quirks = new WireQuirks(Payload: Payload);
        }
        var page = await browser.SignedInPageAsync(app, Roles.Operator);
        var dialogs = 0;
        page.Dialog += (_, dialog) => dialogs++;

        foreach (var path in new[] { "/", "/targets/vault", "/targets/cse", "/targets/gdb", "/operations/west%3Acluster-restore" })
        {
            await page.GotoAsync(path);
            // Every system's cards (or backups) carry the payload as text once the pollers re-read them.
            await Expect(page.Locator("main")).ToContainTextAsync("<script>window.__pwned=1</script>", new() { Timeout = 10_000 });
            Assert.Null(await page.EvaluateAsync<int?>("window.__pwned ?? null"));
            Assert.Equal(0, await page.Locator("#injected").CountAsync());
            Assert.Equal(0, await page.Locator("img[src='x']").CountAsync());
            Assert.Equal(0, await page.EvaluateAsync<int>("document.querySelectorAll('script:not([src])').length"));
        }
        var cards = await page.GotoAsync("/");
        foreach (var system in new[] { "nsx", "vcenter", "geminidb", "cse", "cbr" })
        {
            await Expect(page.Locator($"article.card[data-system={system}]").First).ToContainTextAsync("<img src=x");
        }
        Assert.Equal(0, dialogs);
        Assert.NotNull(cards);
    }

    [Fact]
    public async Task An_operator_cancels_a_suspended_restore_and_finds_it_on_the_audit_page()
    {
        var page = await browser.SignedInPageAsync(app, Roles.Operator);
        await page.GotoAsync("/");
        var card = page.Locator("article[id='op-west:cluster-restore']");

        await card.Locator("details[data-key=confirm-cancel] > summary").ClickAsync();
        await card.Locator("button[data-confirm=cancel]").ClickAsync();
        await Expect(page.Locator("#outcome")).ToContainTextAsync("Status now: ABORTED");
        await page.Locator("header nav a[href='/audit']").ClickAsync();

        var row = page.Locator("table.audit tbody tr").First;
        await Expect(row).ToHaveAttributeAsync("data-outcome", "succeeded");
        await Expect(row).ToContainTextAsync("west:cluster-restore");
        await Expect(row).ToContainTextAsync("cancel");
        await Expect(row).ToContainTextAsync("(operator, 127.0.0.1)");
    }

    [Fact]
    public async Task A_viewer_sees_no_action_controls_not_even_in_pushed_cards()
    {
        var page = await browser.SignedInPageAsync(app, Roles.Viewer);
        await page.GotoAsync("/");
        await Expect(page.Locator("#live-status")).ToHaveAttributeAsync("data-state", "live");
        await Expect(page.Locator("article[id='op-west:cluster-restore'] table.resources")).ToBeVisibleAsync();
        Assert.Equal(0, await page.Locator("main form[method=post], main details.confirm, main [data-actionable]").CountAsync());
        Assert.Equal(0, await page.Locator("main input[type=checkbox][name=resource]").CountAsync());

        east.CompleteCurrentStep();
        await Expect(page.Locator("article[id='op-east:cluster-restore'] .step-count")).ToHaveTextAsync("Step 3 of 11");

        Assert.Equal(0, await page.Locator("#operations form, #operations details.confirm, #operations [data-actionable], #operations button").CountAsync());
        Assert.Equal(0, await page.Locator("header nav a[href='/audit']").CountAsync());
    }
}
