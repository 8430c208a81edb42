using System.Text.Json;
using System.Threading.Channels;
using BackupRestore.Dashboard.Features.Data;
using BackupRestore.Dashboard.Features.Operations;
using Microsoft.EntityFrameworkCore;

namespace BackupRestore.Dashboard.Features.History;

/// <summary>
/// Writes what the pollers observed to the database, off their path: state changes as timeline events, and the
/// last snapshot of each operation (so that a restarted dashboard shows it at once). Batches each write.
/// </summary>
internal sealed partial class HistoryRecorder(
    IDbContextFactory<DashboardDb> databases,
    OperationStore store,
    Targets.TargetCatalog catalog,
    DataLocation location,
    TimeProvider time,
    ILogger<HistoryRecorder> logger) : BackgroundService, IStartupRecovery, IChangeObserver
{
    private readonly Channel<object> pending = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Completes once everything recorded before the call is in the database.</summary>
    public Task FlushAsync()
    {
        var flushed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        pending.Writer.TryWrite(flushed);
        return flushed.Task;
    }

    public void Observe(StoreChanges changes)
    {
        if (!changes.IsEmpty)
        {
            pending.Writer.TryWrite(changes);
        }
    }

    /// <summary>Loads the last known operations into the store at start (finished ones only within the retention).</summary>
    /// <remarks>
    /// Operations of targets no longer configured are retired here: out of the live view and its counts, their
    /// timeline kept and closed with a last event that says why. On PostgreSQL several instances may start at once:
    /// the retirement runs under a transaction-scoped advisory lock, so one retires and the others find nothing left.
    /// </remarks>
    public async Task RecoverAsync(CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var shared = location.Provider == "postgres";
        await using var transaction = shared ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        if (shared)
        {
            await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({RetireLock})", cancellationToken);
            var configured = catalog.All.Select(t => t.Name).ToArray();
            // The live copies of removed targets go too (scale-out); their history stays.
            await db.Database.ExecuteSqlInterpolatedAsync($"""DELETE FROM live_operations WHERE NOT ("Target" = ANY({configured}))""", cancellationToken);
            await db.Database.ExecuteSqlInterpolatedAsync($"""DELETE FROM live_targets WHERE NOT ("Target" = ANY({configured}))""", cancellationToken);
        }
        var rows = await db.OperationSnapshots.ToListAsync(cancellationToken);
        var known = new List<(Operation, DateTimeOffset?)>();
        foreach (var row in rows)
        {
            try
            {
                if (JsonSerializer.Deserialize(row.Json, DashboardJsonContext.Default.Operation) is not { } operation)
                {
                    continue;
                }
                if (catalog.Find(operation.Target) is null)
                {
                    db.OperationEvents.Add(RetiredEvent(operation));
                    db.OperationSnapshots.Remove(row);
                    continue;
                }
                known.Add((operation, row.FinishedAt is { } f ? DateTimeOffset.FromUnixTimeMilliseconds(f) : null));
            }
            catch (JsonException e)
            {
                LogUnreadable(logger, row.OperationId, e.Message);
            }
        }
        var retired = db.ChangeTracker.Entries<OperationSnapshotRow>().Count(e => e.State == EntityState.Deleted);
        await db.SaveChangesAsync(cancellationToken);
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }
        if (retired > 0)
        {
            LogRetired(logger, retired);
        }
        store.Restore(known);
    }

    private OperationEventRow RetiredEvent(Operation operation) => new()
    {
        OperationId = operation.Id, Target = operation.Target, System = operation.System, At = time.GetUtcNow().ToUnixTimeMilliseconds(),
        FromState = operation.State.ToString().ToLowerInvariant(), ToState = operation.State.ToString().ToLowerInvariant(),
        FromVendorStatus = operation.VendorStatus, ToVendorStatus = operation.VendorStatus, Progress = operation.Progress,
        Message = RetiredMessage,
    };

    /// <summary>The advisory lock key of the start-up retirement (any constant shared by every instance).</summary>
    private const long RetireLock = 0x4252_4401;

    /// <summary>The last timeline event of an operation whose target left the configuration.</summary>
    public const string RetiredMessage = "Target removed from configuration: retired from the live view.";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reader = pending.Reader;
        try
        {
            while (await reader.WaitToReadAsync(stoppingToken))
            {
                var batch = new List<StoreChanges>();
                var flushes = new List<TaskCompletionSource>();
                while (batch.Count < 500 && reader.TryRead(out var item))
                {
                    if (item is TaskCompletionSource flush)
                    {
                        flushes.Add(flush);
                        break;
                    }
                    batch.Add((StoreChanges)item);
                }
                if (batch.Count > 0)
                {
                    await WriteAsync(batch, stoppingToken);
                }
                flushes.ForEach(f => f.TrySetResult());
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: what is still queued is written below.
        }
        var rest = new List<StoreChanges>();
        while (reader.TryRead(out var item))
        {
            if (item is StoreChanges changes)
            {
                rest.Add(changes);
            }
            else
            {
                ((TaskCompletionSource)item).TrySetResult();
            }
        }
        if (rest.Count > 0)
        {
            await WriteAsync(rest, CancellationToken.None);
        }
    }

    private async Task WriteAsync(List<StoreChanges> batch, CancellationToken cancellationToken)
    {
        try
        {
            await using var db = await databases.CreateDbContextAsync(cancellationToken);
            var latest = new Dictionary<string, OperationEntry>(StringComparer.Ordinal);
            var removed = new HashSet<string>(StringComparer.Ordinal);
            foreach (var changes in batch)
            {
                foreach (var entry in changes.Upserted)
                {
                    var before = changes.Previous.GetValueOrDefault(entry.Operation.Id);
                    if (IsStateChange(before, entry.Operation))
                    {
                        db.OperationEvents.Add(EventOf(before, entry.Operation));
                    }
                    latest[entry.Operation.Id] = entry;
                    removed.Remove(entry.Operation.Id);
                }
                foreach (var id in changes.Removed)
                {
                    latest.Remove(id);
                    removed.Add(id);
                }
            }
            var ids = latest.Keys.Concat(removed).ToList();
            var existing = await db.OperationSnapshots.Where(s => ids.Contains(s.OperationId)).ToDictionaryAsync(s => s.OperationId, cancellationToken);
            foreach (var (id, entry) in latest)
            {
                var row = existing.GetValueOrDefault(id) ?? db.OperationSnapshots.Add(new OperationSnapshotRow { OperationId = id, Target = entry.Operation.Target, Json = "" }).Entity;
                row.Json = JsonSerializer.Serialize(entry.Operation with { NotRefreshed = false, TargetIssue = null }, DashboardJsonContext.Default.Operation);
                row.UpdatedAt = entry.Operation.UpdatedAt.ToUnixTimeMilliseconds();
                row.FinishedAt = entry.FinishedAt?.ToUnixTimeMilliseconds();
            }
            foreach (var id in removed.Where(existing.ContainsKey))
            {
                db.OperationSnapshots.Remove(existing[id]);
            }
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (Exception e) when (e is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
        {
            // History is best effort: a database hiccup must not stop live updates.
            LogWriteFailed(logger, batch.Count, e.Message);
        }
    }

    /// <summary>A state change: new, or a different state, vendor status, step, step status or message (not progress alone).</summary>
    public static bool IsStateChange(Operation? before, Operation after) =>
        before is null
        || before.State != after.State
        || before.VendorStatus != after.VendorStatus
        || before.Step?.Number != after.Step?.Number
        || before.Step?.Status != after.Step?.Status
        || before.Message != after.Message;

    private OperationEventRow EventOf(Operation? before, Operation after) => new()
    {
        OperationId = after.Id, Target = after.Target, System = after.System, At = time.GetUtcNow().ToUnixTimeMilliseconds(),
        FromState = before?.State.ToString().ToLowerInvariant(), ToState = after.State.ToString().ToLowerInvariant(),
        FromVendorStatus = before?.VendorStatus, ToVendorStatus = after.VendorStatus,
        Step = after.Step is { } s ? $"{s.Number}/{s.Total} {s.Name}" + (s.Status is null ? "" : $" ({s.Status})") : null,
        Progress = after.Progress, Message = after.Message,
    };

    public async Task<IReadOnlyList<OperationEventRow>> TimelineAsync(string operationId, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.OperationEvents.AsNoTracking().Where(e => e.OperationId == operationId).OrderBy(e => e.At).ThenBy(e => e.Id).ToListAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retired {Count} operations whose targets are no longer configured; their history is kept.")]
    private static partial void LogRetired(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not write {Count} history change sets: {Error}")]
    private static partial void LogWriteFailed(ILogger logger, int count, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Snapshot of {OperationId} is unreadable and was skipped: {Error}")]
    private static partial void LogUnreadable(ILogger logger, string operationId, string error);
}
