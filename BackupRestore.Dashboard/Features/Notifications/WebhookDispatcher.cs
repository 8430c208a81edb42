using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;
using BackupRestore.Dashboard.Features.Data;
using BackupRestore.Dashboard.Features.Operations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BackupRestore.Dashboard.Features.Notifications;

/// <summary>
/// Webhooks for state transitions. A matching transition is queued in the database first (a restart loses none),
/// then posted; a failed post is tried again later with a doubling, jittered delay, and after the last attempt the
/// delivery is parked as "dead" where operators can see it. On PostgreSQL several instances share the outbox: each
/// claims due deliveries before posting them (<see cref="ClaimDueAsync"/>), so one delivery is attempted by one instance.
/// </summary>
internal sealed partial class WebhookDispatcher(
    IOptions<NotificationOptions> options,
    IDbContextFactory<DashboardDb> databases,
    IHttpClientFactory clients,
    TimeProvider time,
    Observability.DashboardMetrics metrics,
    ILogger<WebhookDispatcher> logger) : BackgroundService, IChangeObserver
{
    public const string HttpClientName = "webhooks";
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);
    private readonly Channel<WebhookDeliveryRow> queued = Channel.CreateUnbounded<WebhookDeliveryRow>();

    /// <summary>Something is due now (a transition queued, a dead letter re-sent): go without waiting for the tick.</summary>
    private readonly Channel<bool> wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Lock gate = new();
    private long recorded;
    private long version;
    private TaskCompletionSource attempted = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Raised (on the dispatcher's thread) after the outbox changed: deliveries queued, attempted, re-sent. A light
    /// signal without data: a page reloads what it shows, at most once per its own window. Handlers must not block.
    /// </summary>
    public event Action? Changed;

    /// <summary>Goes up with every change of the outbox.</summary>
    public long Version => Interlocked.Read(ref version);

    /// <summary>
    /// Puts a dead letter back into the outbox as if new (status pending, no attempts, due now), so that the next
    /// tick posts it again with the full retry budget. False when there is no such delivery or it is not dead.
    /// </summary>
    public async Task<bool> RequeueDeadAsync(long id, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var requeued = await db.WebhookDeliveries.Where(d => d.Id == id && d.Status == "dead").ExecuteUpdateAsync(s => s
            .SetProperty(d => d.Status, "pending")
            .SetProperty(d => d.Attempts, 0)
            .SetProperty(d => d.NextAttemptAt, now), cancellationToken);
        if (requeued > 0)
        {
            Signal();
            wake.Writer.TryWrite(true);
        }
        return requeued > 0;
    }

    private void Signal()
    {
        Interlocked.Increment(ref version);
        // A page going away while it is told must not stop the deliveries, nor keep the other pages from being told.
        foreach (var handler in Changed?.GetInvocationList().Cast<Action>() ?? [])
        {
            try
            {
                handler();
            }
            catch (Exception e) when (e is ObjectDisposedException or InvalidOperationException)
            {
                LogHandlerFailed(logger, e);
            }
        }
    }

    /// <summary>Completes once <paramref name="count"/> delivery attempts have been made and their outcome saved.</summary>
    public async Task WaitForAttemptsAsync(long count, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task next;
            lock (gate)
            {
                if (recorded >= count)
                {
                    return;
                }
                next = attempted.Task;
            }
            await next.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Called with each poll's changes: cheap when no rule matches (the usual case).</summary>
    public void Observe(StoreChanges changes)
    {
        var rules = options.Value.Webhooks;
        if (rules.Count == 0)
        {
            return;
        }
        var now = time.GetUtcNow();
        foreach (var entry in changes.Upserted)
        {
            // A transition, not a first sight: a restart or a new target must not page anyone for old news.
            if (!changes.Previous.TryGetValue(entry.Operation.Id, out var before) || before.State == entry.Operation.State)
            {
                continue;
            }
            for (var i = 0; i < rules.Count; i++)
            {
                if (rules[i].Matches(entry.Operation))
                {
                    queued.Writer.TryWrite(new WebhookDeliveryRow
                    {
                        Rule = rules[i].DisplayName(i), Url = rules[i].Url, OperationId = entry.Operation.Id,
                        Transition = $"{before.State.ToString().ToLowerInvariant()}→{entry.Operation.State.ToString().ToLowerInvariant()}",
                        Payload = Payloads.For(rules[i], rules[i].DisplayName(i), before, entry.Operation, now),
                        Status = "pending", CreatedAt = now.ToUnixTimeMilliseconds(), NextAttemptAt = now.ToUnixTimeMilliseconds(),
                    });
                    wake.Writer.TryWrite(true);
                }
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Tick, time);
        try
        {
            // Retries come due with the clock (the tick); new work wakes the loop at once. Both waits stay pending
            // across turns, so that neither signal is lost while the other is served.
            var tick = timer.WaitForNextTickAsync(stoppingToken).AsTask();
            var woken = wake.Reader.WaitToReadAsync(stoppingToken).AsTask();
            while (true)
            {
                await StoreQueuedAsync(stoppingToken);
                await DeliverDueAsync(stoppingToken);
                if (await Task.WhenAny(tick, woken) == woken)
                {
                    await woken;
                    wake.Reader.TryRead(out _);
                    woken = wake.Reader.WaitToReadAsync(stoppingToken).AsTask();
                }
                else if (await tick)
                {
                    tick = timer.WaitForNextTickAsync(stoppingToken).AsTask();
                }
                else
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            await StoreQueuedAsync(CancellationToken.None);
        }
    }

    private async Task StoreQueuedAsync(CancellationToken cancellationToken)
    {
        var rows = new List<WebhookDeliveryRow>();
        while (queued.Reader.TryRead(out var row))
        {
            rows.Add(row);
        }
        if (rows.Count == 0)
        {
            return;
        }
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        db.WebhookDeliveries.AddRange(rows);
        await db.SaveChangesAsync(cancellationToken);
        Signal();
    }

    private async Task DeliverDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var due = db.Database.IsNpgsql()
            ? await ClaimDueAsync(db, now, cancellationToken)
            : await db.WebhookDeliveries.Where(d => d.Status == "pending" && d.NextAttemptAt <= now).OrderBy(d => d.Id).Take(50).ToListAsync(cancellationToken);
        foreach (var delivery in due)
        {
            var error = await PostAsync(delivery, cancellationToken);
            delivery.Attempts++;
            if (error is null)
            {
                delivery.Status = "delivered";
                metrics.WebhookDelivery("delivered");
                delivery.DeliveredAt = time.GetUtcNow().ToUnixTimeMilliseconds();
                delivery.LastError = null;
            }
            else
            {
                delivery.LastError = error;
                if (delivery.Attempts >= options.Value.MaxAttempts)
                {
                    delivery.Status = "dead";
                    metrics.WebhookDelivery("dead");
                    LogDead(logger, delivery.Id, delivery.Rule, delivery.Attempts, error);
                }
                else
                {
                    delivery.NextAttemptAt = (time.GetUtcNow() + Backoff(delivery.Attempts)).ToUnixTimeMilliseconds();
                    metrics.WebhookDelivery("retry");
                }
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        if (due.Count > 0)
        {
            Signal();
            lock (gate)
            {
                recorded += due.Count;
                attempted.TrySetResult();
                attempted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    /// <summary>
    /// Takes a few due deliveries for this instance: their next attempt moves past the time their posts may take, in
    /// the same statement that picks them (rows another instance is claiming are skipped, not waited for). The outcome
    /// saved after the posts replaces that time; an instance that dies meanwhile leaves them due again after it.
    /// </summary>
    private async Task<List<WebhookDeliveryRow>> ClaimDueAsync(DashboardDb db, long now, CancellationToken cancellationToken)
    {
        const int batch = 5;
        var until = (time.GetUtcNow() + (options.Value.Timeout * batch) + TimeSpan.FromSeconds(30)).ToUnixTimeMilliseconds();
        return await db.WebhookDeliveries.FromSql($"""
            UPDATE webhook_deliveries SET "NextAttemptAt" = {until}
            WHERE "Id" IN (SELECT "Id" FROM webhook_deliveries WHERE "Status" = 'pending' AND "NextAttemptAt" <= {now}
                           ORDER BY "Id" LIMIT {batch} FOR UPDATE SKIP LOCKED)
            RETURNING *
            """).ToListAsync(cancellationToken);
    }

    private async Task<string?> PostAsync(WebhookDeliveryRow delivery, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(options.Value.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var content = new StringContent(delivery.Payload, Encoding.UTF8, "application/json");
            using var response = await clients.CreateClient(HttpClientName).PostAsync(new Uri(delivery.Url), content, linked.Token);
            return response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}";
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return $"no answer within {options.Value.Timeout.TotalSeconds:0.#} s";
        }
        catch (HttpRequestException e)
        {
            return e.Message;
        }
    }

    /// <summary>FirstRetry, doubling, at most MaxRetry, ±20 % so that many deliveries do not retry in step.</summary>
    private TimeSpan Backoff(int attempts)
    {
        var o = options.Value;
        var delay = Math.Min(o.MaxRetry.TotalMilliseconds, o.FirstRetry.TotalMilliseconds * Math.Pow(2, attempts - 1));
        return TimeSpan.FromMilliseconds(delay * (0.8 + (RandomNumberGenerator.GetInt32(0, 401) / 1000.0)));
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "A page following the outbox could not be told of a change.")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook delivery {Id} ({Rule}) gave up after {Attempts} attempts: {Error}")]
    private static partial void LogDead(ILogger logger, long id, string rule, int attempts, string error);
}
