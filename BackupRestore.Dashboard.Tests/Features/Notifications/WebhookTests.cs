using BackupRestore.Dashboard.Features.Operations;
using System.Text.Json;
using BackupRestore.Dashboard.Features.Auth;
using BackupRestore.Dashboard.Tests.Infrastructure;
using BackupRestore.Simulator;
using BackupRestore.Simulator.Nsx;

namespace BackupRestore.Dashboard.Tests.Features.Notifications;

/// <summary>Webhooks against a real local receiver: delivery, retries with backoff, dead letters, restarts.</summary>
public sealed class WebhookTests : IAsyncLifetime
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(5);
    private readonly ManualTimeProvider clock = new(DateTimeOffset.UtcNow);
    private readonly string data = Path.Combine(Path.GetTempPath(), "brd-tests", "hooks-" + Guid.NewGuid().ToString("n"));
    private SimulatorHandle sim = default!;
    private NsxMachine machine = default!;

    public async Task InitializeAsync()
    {
        sim = await SimulatorHandle.StartAsync();
        machine = sim.AddNsx("dr", NsxScenario.FailsThenSucceedsOnRetry with { StartAtStep = 5 });
    }

    public async Task DisposeAsync()
    {
        await sim.DisposeAsync();
        DashboardAppCleanup.DeleteFolder(data);
    }

    [Fact]
    public async Task A_failure_is_delivered_after_the_receiver_failed_twice_with_growing_delays()
    {
        await using var receiver = await WebhookReceiver.StartAsync(failures: 2);
        await using var app = Start(receiver, "generic");

        await FailTheRestoreAsync(app);
        await AttemptsAsync(app, 1);
        clock.Advance(TimeSpan.FromSeconds(3));
        var earlyRetries = receiver.Bodies.Count;
        clock.Advance(TimeSpan.FromSeconds(4));
        await AttemptsAsync(app, 2);
        clock.Advance(TimeSpan.FromSeconds(13));
        await AttemptsAsync(app, 3);
        var delivered = await DeliveriesAsync(app, "delivered");

        Assert.Equal(1, earlyRetries);
        var body = JsonDocument.Parse(receiver.Bodies[2]).RootElement;
        Assert.Equal(("operation.state_changed", "running", "failed"), (body.Text("event"), body.Text("from"), body.Text("to")));
        Assert.Equal("dr:cluster-restore", body.GetProperty("operation").Text("id"));
        Assert.Equal("FAILED", body.GetProperty("operation").Text("vendorStatus"));
        Assert.All(receiver.Bodies, b => Assert.Equal(receiver.Bodies[0], b));
        var entry = Assert.Single(delivered.EnumerateArray());
        Assert.Equal((3, "running→failed"), (entry.GetProperty("attempts").GetInt32(), entry.Text("transition")));
        Assert.Equal($"{receiver.Url.Scheme}://{receiver.Url.Authority}/…", entry.Text("destination"));
    }

    [Fact]
    public async Task A_receiver_that_keeps_failing_ends_in_the_visible_dead_letters()
    {
        await using var receiver = await WebhookReceiver.StartAsync(failures: int.MaxValue);
        await using var app = Start(receiver, "generic");

        await FailTheRestoreAsync(app);
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            await AttemptsAsync(app, attempt);
            clock.Advance(TimeSpan.FromSeconds(30));
        }
        // Visible to operators: here through the API; the live page is covered by NotificationsPageTests and the browser tests.
        var dead = await DeliveriesAsync(app, "dead");

        Assert.Equal(3, Assert.Single(dead.EnumerateArray()).GetProperty("attempts").GetInt32());
        Assert.Equal("HTTP 500 Internal Server Error", dead[0].Text("lastError"));
        Assert.Contains(app.Logs.Lines, l => l.Contains("gave up after 3 attempts", StringComparison.Ordinal));
        Assert.Equal(3, receiver.Bodies.Count);
    }

    [Fact]
    public async Task A_queued_delivery_survives_a_restart_and_slack_gets_escaped_text()
    {
        sim.Target("nsx", "dr").Quirks = new WireQuirks(Payload: " <@channel> & co");
        await using var receiver = await WebhookReceiver.StartAsync(failures: 1);
        await using (var first = Start(receiver, "slack"))
        {
            await FailTheRestoreAsync(first);
            await AttemptsAsync(first, 1);
            // The last known state is on disk before the stop, as after any settled run: the restart must not see the
            // transition again (that would be a second, legitimate notification, not the one this test follows).
            await first.Get<BackupRestore.Dashboard.Features.History.HistoryRecorder>().FlushAsync();
        }

        await using var second = Start(receiver, "slack");
        clock.Advance(TimeSpan.FromSeconds(10));
        await AttemptsAsync(second, 1);

        var text = JsonDocument.Parse(receiver.Bodies[1]).RootElement.Text("text");
        Assert.Contains("dr (NSX-T restore) is now failed (FAILED, step 5 of 11 RESTORE_DATASTORE), was running", text, StringComparison.Ordinal);
        Assert.Contains("&lt;@channel&gt; &amp; co", text, StringComparison.Ordinal);
        Assert.DoesNotContain("<@channel>", text, StringComparison.Ordinal);
        Assert.Equal(2, Assert.Single((await DeliveriesAsync(second, "delivered")).EnumerateArray()).GetProperty("attempts").GetInt32());
    }

    private DashboardApp Start(WebhookReceiver receiver, string format) => DashboardApp.Start([sim.TargetOptions("nsx", "dr", Poll)], clock, new Dictionary<string, string?>
    {
        ["Data:Folder"] = data,
        ["Notifications:Webhooks:0:Name"] = "noc",
        ["Notifications:Webhooks:0:Url"] = receiver.Url.ToString(),
        ["Notifications:Webhooks:0:Format"] = format,
        ["Notifications:Webhooks:0:Transitions:0"] = "failed",
        ["Notifications:MaxAttempts"] = "3",
        ["Notifications:FirstRetry"] = "00:00:05",
        // These tests jump the clock by tens of seconds; a post in flight during a jump must not time out.
        ["Notifications:Timeout"] = "1.00:00:00",
    });

    /// <summary>
    /// The restore fails on the backend; the next poll sees running → failed, and the dispatcher posts at once (the
    /// first attempt is at this clock time: the test moves the clock only after it).
    /// </summary>
    private async Task FailTheRestoreAsync(DashboardApp app)
    {
        await using var watcher = await app.ListenAsync();
        await watcher.WaitForAsync(f => f.State == OperationState.Running);
        machine.CompleteCurrentStep();
        clock.Advance(Poll);
        await watcher.WaitForAsync(f => f.State == OperationState.Failed);
    }

    private static async Task AttemptsAsync(DashboardApp app, long count)
    {
        // A signal, not a sleep: generous for a machine where other builds run.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await app.Get<BackupRestore.Dashboard.Features.Notifications.WebhookDispatcher>().WaitForAttemptsAsync(count, timeout.Token);
    }

    private static async Task<JsonElement> DeliveriesAsync(DashboardApp app, string status)
    {
        using var api = await app.ApiClientAsync(Roles.Operator);
        return await api.GetJsonAsync($"/api/notifications?status={status}");
    }
}
