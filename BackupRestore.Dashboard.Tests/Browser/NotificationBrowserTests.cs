using BackupRestore.Dashboard.Features.Auth;
using BackupRestore.Dashboard.Features.Operations;
using BackupRestore.Dashboard.Tests.Infrastructure;
using BackupRestore.Simulator.Nsx;
using static Microsoft.Playwright.Assertions;

namespace BackupRestore.Dashboard.Tests.Browser;

/// <summary>The notifications page in Chromium: a dead letter appears by itself, is re-sent through the dialog and delivered.</summary>
[Collection(BrowserCollection.Name)]
public sealed class NotificationBrowserTests(BrowserFixture browser)
{
    private static readonly Microsoft.Playwright.LocatorAssertionsToHaveAttributeOptions Soon = new() { Timeout = 15_000 };

    [Fact]
    public async Task A_dead_letter_shows_up_live_and_is_delivered_after_a_resend_from_the_page()
    {
        await using var sim = await SimulatorHandle.StartAsync();
        var machine = sim.AddNsx("dr", NsxScenario.FailsThenSucceedsOnRetry with { StartAtStep = 5 });
        await using var receiver = await WebhookReceiver.StartAsync(failures: 1);
        await using var app = DashboardApp.Start([sim.TargetOptions("nsx", "dr", TimeSpan.FromMilliseconds(200))], settings: new Dictionary<string, string?>
        {
            ["Notifications:Webhooks:0:Name"] = "noc",
            ["Notifications:Webhooks:0:Url"] = receiver.Url + "?key=secret-path",
            ["Notifications:Webhooks:0:Transitions:0"] = "failed",
            ["Notifications:MaxAttempts"] = "1",
        });
        await app.WaitForOperationAsync("dr:cluster-restore", o => o.State == OperationState.Running);
        var page = await browser.SignedInPageAsync(app, Roles.Operator);
        await page.GotoAsync("/notifications");
        // The first page of a fresh server builds its circuit: give it time on a busy machine.
        await Expect(page.Locator("#deliveries-empty")).ToBeVisibleAsync(new() { Timeout = 20_000 });

        machine.CompleteCurrentStep();
        var row = page.Locator("tr[data-delivery]");
        await Expect(row).ToHaveAttributeAsync("data-status", "dead", Soon);
        await Expect(row.Locator(".cell-error")).ToHaveTextAsync("HTTP 500 Internal Server Error");
        await page.Locator("[data-resend]").ClickAsync();
        await Expect(page.Locator(".mud-dialog")).ToContainTextAsync("goes back to the outbox");
        await page.Locator("[data-confirm=resend]").ClickAsync();

        await Expect(row).ToHaveAttributeAsync("data-status", "delivered", Soon);
        await Expect(page.Locator("[data-resend]")).ToHaveCountAsync(0);
        await receiver.WaitForAsync(2);
        Assert.Equal(receiver.Bodies[0], receiver.Bodies[1]);
        Assert.DoesNotContain("secret-path", await page.ContentAsync(), StringComparison.Ordinal);
        using var api = await app.ApiClientAsync(Roles.Operator);
        var audit = Assert.Single((await api.GetJsonAsync("/api/audit?action=notification.resend")).EnumerateArray());
        Assert.Equal(("succeeded", Roles.Operator), (audit.Text("outcome"), audit.Text("role")));
        Assert.DoesNotContain(browser.ConsoleErrors, e => e.Contains("unhandled", StringComparison.OrdinalIgnoreCase));
    }
}
