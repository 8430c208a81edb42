using BackupRestore.Dashboard.Features.Auth;
using BackupRestore.Dashboard.Tests.Infrastructure;
using BackupRestore.Simulator.Cbr;
using BackupRestore.Simulator.Cse;
using BackupRestore.Simulator.GeminiDb;
using BackupRestore.Simulator.Vcenter;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BackupRestore.Dashboard.Tests.Browser;

/// <summary>
/// The target page's forms and dialogs, used by an operator in Chromium against the simulator: a CBR restore picked
/// from lists, a CSE recovery followed to success, vCenter validate then create, a GeminiDB manual backup.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class TargetPageBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);
    private SimulatorHandle sim = default!;
    private DashboardApp app = default!;

    public async Task InitializeAsync()
    {
        sim = await SimulatorHandle.StartAsync();
        sim.Fleet.AddVcenter("vc", VcenterScenario.Idle);
        sim.Fleet.AddGeminiDb("gdb", GeminiDbScenario.Default);
        sim.Fleet.AddCse("engine", CseScenario.Default);
        sim.Fleet.AddCbr("vault", CbrScenario.Default);
        app = DashboardApp.Start(new[] { ("vcenter", "vc"), ("geminidb", "gdb"), ("cse", "engine"), ("cbr", "vault") }
            .Select(t => sim.TargetOptions(t.Item1, t.Item2, Poll)));
        await app.WaitForOperationAsync("vc:restore-job");
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        await sim.DisposeAsync();
    }

    [Fact]
    public async Task A_CBR_server_backup_is_restored_onto_another_server_by_picking_it_and_its_volumes()
    {
        var machine = sim.Target("cbr", "vault").MachineAs<CbrMachine>();
        var web = machine.Backups().Single(b => b.ResourceName == "ecs-web-01");
        var app02 = machine.Backups().Single(b => b.ResourceName == "ecs-app-02");
        var page = await OpenAsync("/targets/vault?resource_type=OS::Nova::Server&status=available");
        await Expect(page.Locator("tr.backup-row")).ToHaveCountAsync(2);

        await page.Locator("tr.backup-row", new() { HasText = web.Name }).Locator("button[data-backup-action=restore]").ClickAsync();
        var dialog = page.Locator(".mud-dialog");
        await Expect(dialog).ToContainTextAsync("Target: vault");
        await PickAsync(page, "server_id", app02.ResourceId);
        await PickAsync(page, $"volume:{web.Children[0].Id}", app02.Children[0].ResourceId);
        await PickAsync(page, $"volume:{web.Children[1].Id}", app02.Children[1].ResourceId);
        await dialog.Locator("input[data-field=power_on]").UncheckAsync(new() { Force = true });
        await dialog.Locator("button[data-confirm=restore]").ClickAsync();

        await Expect(page.Locator(".backups-panel .action-outcome")).ToContainTextAsync("Restore sent to vault");
        var card = page.Locator("[data-operation^='vault:restore-']");
        await Expect(card).ToContainTextAsync(app02.ResourceId);
        Assert.Single(sim.ActionCalls("cbr", "vault"), c => c.StartsWith("POST", StringComparison.Ordinal) && c.Contains($"/backups/{web.Id}/restore", StringComparison.Ordinal));
        var sent = machine.LastRestore!.Value;
        Assert.Equal(app02.ResourceId, sent.GetProperty("server_id").GetString());
        Assert.False(sent.GetProperty("power_on").GetBoolean());
        var mappings = sent.GetProperty("mappings").EnumerateArray().ToDictionary(m => m.GetProperty("backup_id").GetString()!, m => m.GetProperty("volume_id").GetString());
        Assert.Equal(app02.Children[0].ResourceId, mappings[web.Children[0].Id]);
        Assert.Equal(app02.Children[1].ResourceId, mappings[web.Children[1].Id]);

        sim.Time.Advance(CbrScenario.Default.Tick * 8);
        await Expect(card).ToHaveAttributeAsync("data-state", "succeeded");
    }

    [Fact]
    public async Task A_CSE_recovery_started_from_the_target_page_is_followed_to_success()
    {
        var page = await OpenAsync("/targets/engine");

        await page.Locator("tr.backup-row", new() { HasText = "backup-before-release" }).Locator("button[data-backup-action=recovery]").ClickAsync();
        var dialog = page.Locator(".mud-dialog");
        await Expect(dialog).ToContainTextAsync("Target: engine");
        await dialog.Locator("input[data-field=name]").FillAsync("restore-from-browser");
        await dialog.Locator("button[data-confirm=recovery]").ClickAsync();

        var card = page.Locator("[data-operation^='engine:recovery-']");
        await Expect(card.Locator(".vendor-status")).ToContainTextAsync("restore-from-browser");
        for (var i = 0; i < 5; i++)
        {
            sim.Time.Advance(CseScenario.Default.Tick);
            await Expect(card.Locator(".progress-text")).ToHaveTextAsync($"{(i + 1) * 20} %");
        }
        await Expect(card).ToHaveAttributeAsync("data-state", "succeeded");
        await Expect(card.Locator(".vendor-status code")).ToHaveTextAsync("Success");
    }

    [Fact]
    public async Task A_vCenter_restore_is_validated_then_created_and_the_passwords_are_not_kept()
    {
        const string secret = "Browser-Secret-0!";
        var page = await OpenAsync("/targets/vc");
        var form = page.Locator("#restore-form");

        await form.Locator("input[data-field=location]").FillAsync("sftp://backup.example.com/vcsa/2026-11-21");
        await form.Locator("input[data-field=location_user]").FillAsync("backup-reader");
        await form.Locator("input[data-field=backup_password]").FillAsync(secret);
        await form.Locator("input[data-field=location_password]").FillAsync(secret);
        await form.Locator("button[data-action-button=validate]").ClickAsync();

        await Expect(form.Locator(".action-outcome")).ToContainTextAsync("Applicable: yes");
        await Expect(form.Locator("input[data-field=backup_password]")).ToHaveValueAsync("");
        await Expect(form.Locator("input[data-field=location_password]")).ToHaveValueAsync("");
        await Expect(form.Locator("input[data-field=location]")).ToHaveValueAsync("sftp://backup.example.com/vcsa/2026-11-21");
        Assert.DoesNotContain(secret, await page.ContentAsync(), StringComparison.Ordinal);

        await form.Locator("input[data-field=backup_password]").FillAsync(secret);
        await form.Locator("button[data-action-button=create]").ClickAsync();
        var dialog = page.Locator(".mud-dialog");
        await Expect(dialog).ToContainTextAsync("Target: vc");
        await dialog.Locator("button[data-confirm=create]").ClickAsync();

        await Expect(page.Locator("[data-operation='vc:restore-job']")).ToHaveAttributeAsync("data-state", "running");
        await Expect(form.Locator("[data-unavailable=restore]")).ToBeVisibleAsync();
        Assert.Equal(2, sim.ActionCalls("vcenter", "vc").Count(c => c.StartsWith("POST", StringComparison.Ordinal)));
        Assert.DoesNotContain(secret, await page.ContentAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_restore_link_of_a_vCenter_card_scrolls_to_the_form()
    {
        var page = await browser.SignedInPageAsync(app, Roles.Operator);
        await page.SetViewportSizeAsync(1400, 300);
        await page.GotoAsync("/targets/vc#restore-form");

        // The form is read after the page opens; then the page scrolls to it, leaving its top behind.
        await Expect(page.Locator("#restore-form h2")).ToBeInViewportAsync();
        await Expect(page.Locator("#all-targets")).Not.ToBeInViewportAsync();
    }

    [Fact]
    public async Task A_GeminiDB_manual_backup_is_made_of_an_instance_picked_from_the_list_the_API_gave()
    {
        var machine = sim.Target("geminidb", "gdb").MachineAs<GeminiDbMachine>();
        var sessions = machine.Instances.Single(i => i.Name == "cassandra-sessions");
        var page = await OpenAsync("/targets/gdb");
        var form = page.Locator("#backup-form");

        await PickAsync(page, "instance_id", sessions.Id);
        await form.Locator("input[data-field=name]").FillAsync("before-upgrade-1");
        await form.Locator("button[data-action-button=backup]").ClickAsync();

        await Expect(form.Locator(".action-outcome")).ToContainTextAsync("Create backup sent to gdb");
        await Expect(page.Locator("[data-operation^='gdb:backup-']", new() { HasText = "before-upgrade-1 of cassandra-sessions" })).ToHaveAttributeAsync("data-state", "running");
        Assert.Single(sim.ActionCalls("geminidb", "gdb"), c => c.StartsWith("POST", StringComparison.Ordinal) && c.Contains($"/instances/{sessions.Id}/backups", StringComparison.Ordinal));
        Assert.Contains(machine.Backups(), b => b.Name == "before-upgrade-1" && b.Instance == sessions);
    }

    private async Task<IPage> OpenAsync(string path)
    {
        var page = await browser.SignedInPageAsync(app, Roles.Operator);
        await page.GotoAsync(path);
        // No prerendering: the circuit renders the page; wait for it before acting.
        await Expect(page.Locator(".target-health")).ToBeVisibleAsync();
        return page;
    }

    /// <summary>Opens the MudSelect whose input has <c>data-field</c> and clicks the option carrying <paramref name="value"/>.</summary>
    private static async Task PickAsync(IPage page, string field, string value)
    {
        await page.Locator($"[data-field='{field}']").Locator("xpath=ancestor::div[contains(concat(' ', @class, ' '), ' mud-input-control ')][1]").ClickAsync();
        await page.Locator($".mud-popover-open [data-option='{value}']").ClickAsync();
        await Expect(page.Locator(".mud-popover-open [data-option]")).ToHaveCountAsync(0);
    }
}
