using System.Net;
using BackupRestore.Dashboard.Features.Auth;
using BackupRestore.Dashboard.Features.Notifications;
using BackupRestore.Dashboard.Features.Operations;
using BackupRestore.Dashboard.Tests.Infrastructure;
using BackupRestore.Simulator.Nsx;

namespace BackupRestore.Dashboard.Tests.Features.Notifications;

/// <summary>Re-sending a dead letter through the API against a real receiver: delivered, audited, refused when it is not dead.</summary>
public sealed class ResendTests : IAsyncLifetime
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(5);
    private readonly ManualTimeProvider clock = new(DateTimeOffset.UtcNow);
    private SimulatorHandle sim = default!;
    private NsxMachine machine = default!;
    private WebhookReceiver receiver = default!;
    private DashboardApp app = default!;

    public async Task InitializeAsync()
    {
        sim = await SimulatorHandle.StartAsync();
        machine = sim.AddNsx("dr", NsxScenario.FailsThenSucceedsOnRetry with { StartAtStep = 5 });
        receiver = await WebhookReceiver.StartAsync(failures: 1);
        app = DashboardApp.Start([sim.TargetOptions("nsx", "dr", Poll)], clock, new Dictionary<string, string?>
        {
            ["Notifications:Webhooks:0:Name"] = "noc",
            ["Notifications:Webhooks:0:Url"] = receiver.Url + "?key=secret-path",
            ["Notifications:Webhooks:0:Transitions:0"] = "failed",
            // One failed attempt makes a dead letter.
            ["Notifications:MaxAttempts"] = "1",
            ["Notifications:Timeout"] = "1.00:00:00",
        });
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        await receiver.DisposeAsync();
        await sim.DisposeAsync();
    }

    [Fact]
    public async Task A_dead_letter_resent_through_the_api_is_delivered_and_the_audit_says_who_resent_it()
    {
        var id = await DeadLetterAsync();
        using var api = await app.ApiClientAsync(Roles.Operator);

        var resent = await api.PostJsonAsync($"/api/notifications/{id}/resend", null, HttpStatusCode.OK);
        await AttemptsAsync(2);
        await receiver.WaitForAsync(2);
        var delivered = Assert.Single((await api.GetJsonAsync("/api/notifications?status=delivered")).EnumerateArray());
        var audit = Assert.Single((await api.GetJsonAsync("/api/audit?action=notification.resend")).EnumerateArray());

        Assert.Equal(("pending", 0), (resent.Text("status"), resent.GetProperty("attempts").GetInt32()));
        Assert.Equal(receiver.Bodies[0], receiver.Bodies[1]);
        Assert.Equal((id, 1), (delivered.GetProperty("id").GetInt64(), delivered.GetProperty("attempts").GetInt32()));
        Assert.Equal(("succeeded", "webhook:noc", "dr:cluster-restore"), (audit.Text("outcome"), audit.Text("target"), audit.Text("operationId")));
        Assert.StartsWith("token:test-operator", audit.Text("user"), StringComparison.Ordinal);
        Assert.Equal(id.ToString(System.Globalization.CultureInfo.InvariantCulture), audit.GetProperty("parameters").Text("delivery"));
        Assert.DoesNotContain("secret-path", audit.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_a_dead_letter_is_resent_unknown_ones_are_404_and_viewers_are_refused()
    {
        var id = await DeadLetterAsync();
        using var viewer = await app.ApiClientAsync(Roles.Viewer);
        using var api = await app.ApiClientAsync(Roles.Operator);

        using var forbidden = await viewer.PostAsync(new Uri($"/api/notifications/{id}/resend", UriKind.Relative), null);
        var unknown = await api.PostJsonAsync("/api/notifications/4242/resend", null, HttpStatusCode.NotFound);
        await api.PostJsonAsync($"/api/notifications/{id}/resend", null, HttpStatusCode.OK);
        await AttemptsAsync(2);
        var twice = await api.PostJsonAsync($"/api/notifications/{id}/resend", null, HttpStatusCode.Conflict);
        var outcomes = (await api.GetJsonAsync("/api/audit?action=notification.resend")).EnumerateArray().Reverse().Select(e => e.Text("outcome"));

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal("There is no delivery #4242.", unknown.Text("error"));
        Assert.Equal($"Delivery #{id} is delivered, not a dead letter: only dead letters are re-sent.", twice.Text("error"));
        Assert.Equal(["refused", "succeeded", "refused"], outcomes);
        Assert.Equal(2, receiver.Bodies.Count);
    }

    /// <summary>The restore fails; its webhook fails once and, with one attempt allowed, is parked as dead.</summary>
    private async Task<long> DeadLetterAsync()
    {
        await using (var watcher = await app.ListenAsync())
        {
            await watcher.WaitForAsync(f => f.State == OperationState.Running);
            machine.CompleteCurrentStep();
            clock.Advance(Poll);
            await watcher.WaitForAsync(f => f.State == OperationState.Failed);
        }
        await AttemptsAsync(1);
        using var api = await app.ApiClientAsync(Roles.Operator);
        var dead = Assert.Single((await api.GetJsonAsync("/api/notifications?status=dead")).EnumerateArray());
        Assert.Equal("HTTP 500 Internal Server Error", dead.Text("lastError"));
        return dead.GetProperty("id").GetInt64();
    }

    private async Task AttemptsAsync(long count)
    {
        // A signal, not a sleep: generous for a machine where other builds run.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await app.Get<WebhookDispatcher>().WaitForAttemptsAsync(count, timeout.Token);
    }
}
