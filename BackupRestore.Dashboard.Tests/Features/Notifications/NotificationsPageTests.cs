using BackupRestore.Dashboard.Features.Audit;
using BackupRestore.Dashboard.Features.Notifications;
using BackupRestore.Dashboard.Tests.Features.Admin;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BackupRestore.Dashboard.Tests.Features.Notifications;

/// <summary>The notifications page over the real outbox: what it lists, the re-send of a dead letter, and how it follows changes.</summary>
public sealed class NotificationsPageTests : DatabaseTestContext
{
    [Fact]
    public async Task Only_a_dead_letter_gets_a_resend_button_and_destinations_show_only_their_host()
    {
        await DeliveryAsync("pending", 0);
        await DeliveryAsync("pending", 2);
        await DeliveryAsync("delivered", 1);
        var dead = await DeliveryAsync("dead", 6);

        var page = RenderFor<NotificationsPage>(Operator);

        page.WaitForAssertion(() => Assert.Equal(4, page.FindAll("tr[data-delivery]").Count));
        Assert.Equal([dead.ToString(System.Globalization.CultureInfo.InvariantCulture)], page.FindAll("[data-resend]").Select(b => b.GetAttribute("data-resend")));
        Assert.Equal(["dead letter", "delivered", "retrying", "pending"], page.FindAll(".delivery-status").Select(s => s.TextContent.Trim()));
        Assert.Contains("https://hooks.example.com/…", page.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET-PATH", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_viewer_gets_no_resend_button()
    {
        await DeliveryAsync("dead", 6);

        var page = RenderFor<NotificationsPage>(Viewer);

        page.WaitForAssertion(() => Assert.Single(page.FindAll("tr[data-delivery]")));
        Assert.Empty(page.FindAll("[data-resend]"));
    }

    [Fact]
    public async Task A_resend_is_confirmed_then_the_dead_letter_goes_back_to_the_outbox_and_the_audit_says_who()
    {
        var dead = await DeliveryAsync("dead", 6);
        var dialogs = RenderDialogs();
        var page = RenderFor<NotificationsPage>(Operator);
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-resend]")));

        page.Find("[data-resend]").Click();
        dialogs.WaitForAssertion(() => Assert.Contains($"Delivery #{dead}", dialogs.Find(".mud-dialog").TextContent, StringComparison.Ordinal));
        dialogs.Find("[data-confirm=resend]").Click();

        page.WaitForAssertion(() => Assert.Equal("pending", page.Find("tr[data-delivery]").GetAttribute("data-status")));
        Assert.Empty(page.FindAll("[data-resend]"));
        Assert.Contains("back in the outbox", page.Find("#resend-outcome").TextContent, StringComparison.Ordinal);
        await using var db = Db();
        var row = await db.WebhookDeliveries.SingleAsync();
        Assert.Equal(("pending", 0, Time.GetUtcNow().ToUnixTimeMilliseconds()), (row.Status, row.Attempts, row.NextAttemptAt));
        var entry = await db.Audit.SingleAsync();
        Assert.Equal(("notification.resend", SignedIn, AuditOutcomes.Succeeded, "webhook:noc", "dr:cluster-restore"),
            (entry.Action, entry.UserName, entry.Outcome, entry.Target, entry.OperationId));
        Assert.Contains($"\"delivery\":\"{dead}\"", entry.Parameters, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Backing_out_of_the_dialog_changes_nothing()
    {
        await DeliveryAsync("dead", 6);
        var dialogs = RenderDialogs();
        var page = RenderFor<NotificationsPage>(Operator);
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-resend]")));

        page.Find("[data-resend]").Click();
        dialogs.WaitForElement("[data-cancel=resend]").Click();

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll(".mud-dialog")));
        await using var db = Db();
        Assert.Equal("dead", (await db.WebhookDeliveries.SingleAsync()).Status);
        Assert.Empty(await db.Audit.ToListAsync());
    }

    [Fact]
    public async Task The_page_follows_the_outbox_after_its_window_without_polling()
    {
        var first = await DeliveryAsync("dead", 6);
        var second = await DeliveryAsync("dead", 6);
        var page = RenderFor<NotificationsPage>(Operator);
        page.WaitForAssertion(() => Assert.Equal(["dead", "dead"], Statuses(page)));

        // Another operator re-sends both: the dispatcher signals twice, the page waits out its window, then reads once.
        await Get<NotificationLog>().ResendAsync(new ActionActor("carol", "operator", null), first);
        Time.Advance(NotificationsPage.Window / 2);
        await Get<NotificationLog>().ResendAsync(new ActionActor("carol", "operator", null), second);
        Time.Advance(NotificationsPage.Window / 2 - TimeSpan.FromMilliseconds(1));
        Assert.Equal(["dead", "dead"], Statuses(page));
        Time.Advance(TimeSpan.FromMilliseconds(1));

        page.WaitForAssertion(() => Assert.Equal(["pending", "pending"], Statuses(page)));
    }

    [Fact]
    public async Task The_status_filter_lives_in_the_url_and_each_button_counts_its_deliveries()
    {
        await DeliveryAsync("delivered", 1);
        await DeliveryAsync("dead", 6);
        await DeliveryAsync("dead", 6);
        Services.GetRequiredService<NavigationManager>().NavigateTo("/notifications?status=dead");

        var page = RenderFor<NotificationsPage>(Operator);

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("tr[data-delivery]").Count));
        Assert.All(page.FindAll("tr[data-delivery]"), r => Assert.Equal("dead", r.GetAttribute("data-status")));
        Assert.Equal("true", page.Find("[data-status-filter=dead]").GetAttribute("aria-pressed"));
        Assert.Equal(["3", "0", "1", "2"], page.FindAll(".filter-count").Select(c => c.TextContent));

        page.Find("[data-status-filter=delivered]").Click();

        page.WaitForAssertion(() => Assert.Equal("delivered", page.Find("tr[data-delivery]").GetAttribute("data-status")));
        Assert.EndsWith("/notifications?status=delivered", Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal);
    }

    private static IEnumerable<string?> Statuses(IRenderedComponent<NotificationsPage> page) =>
        page.FindAll("tr[data-delivery]").Select(r => r.GetAttribute("data-status"));
}
