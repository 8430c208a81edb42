using BackupRestore.Dashboard.Features.Auth;
using BackupRestore.Dashboard.Tests.Infrastructure;
using BackupRestore.Simulator.Cbr;
using BackupRestore.Simulator.Cse;
using BackupRestore.Simulator.GeminiDb;
using BackupRestore.Simulator.Vcenter;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BackupRestore.Dashboard.Tests.Browser;

/// <summary>The main action of each other system, done by an operator in Chromium.</summary>
[Collection(BrowserCollection.Name)]
public sealed class VendorBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);
    private SimulatorHandle sim = default!;
    private DashboardApp app = default!;

    public async Task InitializeAsync()
    {
        sim = await SimulatorHandle.StartAsync();
        sim.Fleet.AddVcenter("vc", VcenterScenario.Running);
        sim.Fleet.AddGeminiDb("gdb", GeminiDbScenario.Default);
        sim.Fleet.AddCse("cse", CseScenario.Default);
        sim.Fleet.AddCbr("vault", CbrScenario.Default);
        app = DashboardApp.Start(new[] { ("vcenter", "vc"), ("geminidb", "gdb"), ("cse", "cse"), ("cbr", "vault") }
            .Select(t => sim.TargetOptions(t.Item1, t.Item2, Poll)));
        await app.WaitForOperationAsync("vc:restore-job");
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        await sim.DisposeAsync();
    }

    [Fact]
    public async Task Stop_a_running_GeminiDB_backup()
    {
        var page = await OpenAsync("/?system=geminidb");
        var card = page.Locator("article.card[data-system=geminidb][data-state=running]");
        await Expect(card.Locator(".facts")).ToContainTextAsync("cassandra-orders");

        await card.Locator("details[data-key=confirm-stop] > summary").ClickAsync();
        await card.Locator("button[data-confirm=stop]").ClickAsync();
        await Expect(page.Locator("#outcome")).ToContainTextAsync("Done.");
        await Expect(page.Locator("#outcome")).ToContainTextAsync("Stop job");
        sim.Time.Advance(GeminiDbScenario.Default.Tick * 2);

        await Expect(page.Locator("article.card[data-system=geminidb][data-state=cancelled] .message")).ToHaveTextAsync("Stopped by an operator.");
    }

    [Fact]
    public async Task Start_a_CSE_recovery_and_watch_it_reach_success()
    {
        var page = await OpenAsync("/targets/cse");
        var row = page.Locator("tr", new() { HasText = "backup-before-release" });

        await row.Locator("summary").ClickAsync();
        await row.Locator("input[name=name]").FillAsync("restore-from-browser");
        await row.Locator("button[data-confirm=recovery]").ClickAsync();
        await Expect(page.Locator("#outcome")).ToContainTextAsync("Done.");
        var card = page.Locator("article.card[data-system=cse]");
        await Expect(card.Locator(".vendor-status")).ToContainTextAsync("restore-from-browser");

        for (var i = 0; i < 5; i++)
        {
            sim.Time.Advance(CseScenario.Default.Tick);
            await Expect(card.Locator("progress")).ToHaveAttributeAsync("value", ((i + 1) * 20).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        await Expect(card.Locator(".badge")).ToContainTextAsync("Succeeded");
        await Expect(card.Locator(".vendor-status code")).ToHaveTextAsync("Success");
    }

    [Fact]
    public async Task Restore_a_CBR_server_backup_with_a_disk_mapping()
    {
        var page = await OpenAsync("/targets/vault?resource_type=OS::Nova::Server&status=available");
        var row = page.Locator("tr", new() { HasText = "ecs-web-01" });
        await Expect(page.Locator("table.backups tbody tr")).ToHaveCountAsync(2);

        await row.Locator("summary").ClickAsync();
        await row.Locator("input[name=server_id]").FillAsync("srv-replacement");
        await row.Locator("input[name^='volume:']").Nth(1).FillAsync("vol-new-data");
        await row.Locator("input[name=power_on]").UncheckAsync();
        await row.Locator("button[data-confirm=restore]").ClickAsync();

        await Expect(page.Locator("#outcome")).ToContainTextAsync("Done.");
        var card = page.Locator("article.card[data-system=cbr]");
        await Expect(card.Locator(".facts")).ToContainTextAsync("srv-replacement");
        sim.Time.Advance(CbrScenario.Default.Tick * 8);
        await Expect(card.Locator(".badge")).ToContainTextAsync("Succeeded");
        var sent = sim.Target("cbr", "vault").MachineAs<CbrMachine>().LastRestore!.Value;
        Assert.Equal("srv-replacement", sent.GetProperty("server_id").GetString());
        Assert.False(sent.GetProperty("power_on").GetBoolean());
        Assert.Equal("vol-new-data", sent.GetProperty("mappings")[1].GetProperty("volume_id").GetString());
    }

    [Fact]
    public async Task Cancel_a_running_vCenter_restore()
    {
        var page = await OpenAsync("/");
        var card = page.Locator("article[id='op-vc:restore-job']");
        await Expect(card.Locator(".badge")).ToContainTextAsync("Running");

        await card.Locator("details[data-key=confirm-cancel] > summary").ClickAsync();
        await card.Locator("button[data-confirm=cancel]").ClickAsync();

        await Expect(page.Locator("#outcome")).ToContainTextAsync("Cancel result");
        await Expect(page.Locator("#outcome .result-facts")).ToContainTextAsync("OK");
        await Expect(page.Locator("article[id='op-vc:restore-job'] .message")).ToHaveTextAsync("Restore was cancelled by the user.");
        await Expect(page.Locator("article[id='op-vc:restore-job'] .badge")).ToContainTextAsync("Failed");
    }

    private async Task<IPage> OpenAsync(string path)
    {
        var page = await browser.SignedInPageAsync(app, Roles.Operator);
        await page.GotoAsync(path);
        await Expect(page.Locator("#live-status")).ToHaveAttributeAsync("data-state", "live");
        return page;
    }
}
