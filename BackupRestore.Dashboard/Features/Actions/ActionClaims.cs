using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using BackupRestore.Dashboard.Features.Data;
using BackupRestore.Dashboard.Features.ScaleOut;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BackupRestore.Dashboard.Features.Actions;

/// <summary>
/// "One backend call per submission key" across every instance on the database: the first to insert the key's row
/// runs the action and stores its outcome there; anyone else with the same key waits for that outcome (bounded) and
/// gets it instead of calling the backend. A runner renews its claim while it runs; a claim that lapses without an
/// outcome means its instance died mid-action, and it is closed as "interrupted", never run again by guess (the
/// backend may have acted). Outcomes are remembered as long as <see cref="ActionDeduplicator"/> remembers them.
/// </summary>
internal sealed partial class ActionClaims(
    IDbContextFactory<DashboardDb> databases,
    IOptions<InstanceOptions> instance,
    IOptions<ActionClaimOptions> options,
    TimeProvider time,
    ILogger<ActionClaims> logger)
{
    private string Me => instance.Value.Id;

    public async Task<(ActionOutcome Outcome, bool Repeated)> RunOnceAsync(string key, Func<Task<ActionOutcome>> action, CancellationToken cancellationToken)
    {
        var id = Hash(key);
        var settings = options.Value;
        var waitUntil = time.GetUtcNow() + settings.MaxWait;
        using var timer = new PeriodicTimer(settings.WaitPoll, time);
        while (true)
        {
            if (await TryClaimAsync(id, cancellationToken))
            {
                return (await RunClaimedAsync(id, action, cancellationToken), false);
            }
            var row = await ReadAsync(id, cancellationToken);
            var now = time.GetUtcNow().ToUnixTimeMilliseconds();
            if (row is { Outcome: { } json } && row.ExpiresAt > now)
            {
                return (JsonSerializer.Deserialize(json, ActionClaimJson.Default.ActionOutcome)!, true);
            }
            if (row is { Outcome: null } && row.ExpiresAt <= now)
            {
                await CloseInterruptedAsync(row, cancellationToken);
                continue;
            }
            if (row is { Outcome: null } && time.GetUtcNow() >= waitUntil)
            {
                return (StillRunning(row, settings.MaxWait), true);
            }
            // Gone or forgotten: the next round claims it. Still running elsewhere: look again shortly.
            if (row is { Outcome: null })
            {
                await timer.WaitForNextTickAsync(cancellationToken);
            }
        }
    }

    /// <summary>The key's row, created for this instance; or, when its remembered outcome has been forgotten, taken over.</summary>
    private async Task<bool> TryClaimAsync(string id, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var until = now + (long)options.Value.ClaimDuration.TotalMilliseconds;
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        // One statement each: of two instances trying at once, exactly one inserts (primary key) or takes over.
        var taken = await db.ActionClaims.Where(c => c.Key == id && c.Outcome != null && c.ExpiresAt <= now).ExecuteUpdateAsync(s => s
            .SetProperty(c => c.Owner, Me).SetProperty(c => c.ExpiresAt, until).SetProperty(c => c.Outcome, (string?)null)
            .SetProperty(c => c.AuditId, (long?)null), cancellationToken);
        if (taken == 1)
        {
            return true;
        }
        // Forgotten outcomes of other keys go here too, so that the table holds only what is remembered.
        await db.ActionClaims.Where(c => c.Outcome != null && c.ExpiresAt <= now - 60_000).ExecuteDeleteAsync(cancellationToken);
        var inserted = await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO action_claims ("Key", "Owner", "ExpiresAt") VALUES ({id}, {Me}, {until}) ON CONFLICT ("Key") DO NOTHING
            """, cancellationToken);
        return inserted == 1;
    }

    private async Task<ActionOutcome> RunClaimedAsync(string id, Func<Task<ActionOutcome>> action, CancellationToken cancellationToken)
    {
        using var stopRenewing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var renewing = RenewWhileRunningAsync(id, stopRenewing.Token);
        ActionOutcome outcome;
        try
        {
            outcome = await action();
        }
        catch
        {
            // No outcome to share: forget the key, so that a resubmit runs (in-memory twins got the exception).
            await stopRenewing.CancelAsync();
            await renewing;
            await ForgetAsync(id);
            throw;
        }
        await stopRenewing.CancelAsync();
        await renewing;
        var remember = outcome.Kind == ActionResultKind.Succeeded ? ActionDeduplicator.RememberSuccess : ActionDeduplicator.RememberOther;
        var until = (time.GetUtcNow() + remember).ToUnixTimeMilliseconds();
        var json = JsonSerializer.Serialize(outcome, ActionClaimJson.Default.ActionOutcome);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await db.ActionClaims.Where(c => c.Key == id && c.Owner == Me).ExecuteUpdateAsync(s => s
            .SetProperty(c => c.Outcome, json).SetProperty(c => c.AuditId, outcome.AuditId).SetProperty(c => c.ExpiresAt, until), cancellationToken);
        return outcome;
    }

    /// <summary>Keeps the claim alive while the action runs, so that a long action is not mistaken for a dead instance.</summary>
    private async Task RenewWhileRunningAsync(string id, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        using var timer = new PeriodicTimer(settings.ClaimDuration / 3, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var until = (time.GetUtcNow() + settings.ClaimDuration).ToUnixTimeMilliseconds();
                await using var db = await databases.CreateDbContextAsync(cancellationToken);
                await db.ActionClaims.Where(c => c.Key == id && c.Owner == Me && c.Outcome == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(c => c.ExpiresAt, until), cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The action ended.
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException)
        {
            // The database is away: the action goes on; a twin may see the claim lapse and call it interrupted.
            LogRenewFailed(logger, id, e.Message);
        }
    }

    /// <summary>A claim that lapsed without an outcome: its instance died mid-action. Closed once, as "interrupted".</summary>
    private async Task CloseInterruptedAsync(ActionClaimRow row, CancellationToken cancellationToken)
    {
        var outcome = new ActionOutcome("", "", "", ActionResultKind.Lost,
            $"The same submit was being sent by instance {row.Owner}, which stopped before its outcome was known" +
            (row.AuditId is { } audit ? $" (attempt #{audit})" : "") + ". It was not sent again: check the target's state before trying again.");
        var json = JsonSerializer.Serialize(outcome, ActionClaimJson.Default.ActionOutcome);
        var now = time.GetUtcNow();
        var until = (now + ActionDeduplicator.RememberOther).ToUnixTimeMilliseconds();
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var closed = await db.ActionClaims.Where(c => c.Key == row.Key && c.Owner == row.Owner && c.Outcome == null && c.ExpiresAt <= now.ToUnixTimeMilliseconds())
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Outcome, json).SetProperty(c => c.ExpiresAt, until), cancellationToken);
        if (closed == 1)
        {
            LogInterrupted(logger, row.Owner);
        }
    }

    private async Task<ActionClaimRow?> ReadAsync(string id, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.ActionClaims.AsNoTracking().SingleOrDefaultAsync(c => c.Key == id, cancellationToken);
    }

    private async Task ForgetAsync(string id)
    {
        try
        {
            await using var db = await databases.CreateDbContextAsync();
            await db.ActionClaims.Where(c => c.Key == id && c.Owner == Me).ExecuteDeleteAsync();
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException)
        {
            LogRenewFailed(logger, id, e.Message);
        }
    }

    private static ActionOutcome StillRunning(ActionClaimRow row, TimeSpan waited) => new("", "", "", ActionResultKind.Refused,
        $"The same submit is still being sent by instance {row.Owner} after {waited.TotalSeconds:0} s; it was not sent again. " +
        "Its outcome will be in the audit trail.");

    /// <summary>Keys are the scope, action and submission key: hashed, so that any Idempotency-Key fits the column and its index.</summary>
    internal static string Hash(string key) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Action claim {Key}: the database could not be updated: {Problem}")]
    private static partial void LogRenewFailed(ILogger logger, string key, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A submit claimed by instance {Owner} lapsed without an outcome (the instance stopped mid-action): closed as interrupted, not sent again.")]
    private static partial void LogInterrupted(ILogger logger, string owner);
}

/// <summary>
/// <c>Actions:ClaimDuration</c> (30 s, renewed every third of it while the action runs: how soon a dead instance's
/// claim lapses), <c>Actions:MaxWait</c> (60 s: how long a twin waits for another instance's outcome) and
/// <c>Actions:WaitPoll</c> (200 ms: how often it looks).
/// </summary>
public sealed class ActionClaimOptions
{
    public TimeSpan ClaimDuration { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxWait { get; set; } = TimeSpan.FromSeconds(60);

    public TimeSpan WaitPoll { get; set; } = TimeSpan.FromMilliseconds(200);
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ActionOutcome))]
internal sealed partial class ActionClaimJson : JsonSerializerContext;
