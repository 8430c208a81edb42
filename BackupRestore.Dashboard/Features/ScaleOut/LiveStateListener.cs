using System.Collections.Concurrent;
using System.Data.Common;
using System.Threading.Channels;
using BackupRestore.Dashboard.Features.Operations;
using BackupRestore.Dashboard.Features.Targets;
using Microsoft.Extensions.Options;
using Npgsql;

namespace BackupRestore.Dashboard.Features.ScaleOut;

/// <summary>
/// Scale-out, on every instance: LISTENs on one dedicated connection and copies into the store and the health board
/// what the other instances' polls wrote (<see cref="LiveStateWriter"/>), so pages, the API and the hub show every
/// target here. A notification only names targets and versions; the state is read from the tables. After each
/// (re)connection it reads every target once: a notification sent while nobody listened is lost, the tables are not.
/// </summary>
internal sealed partial class LiveStateListener(
    LiveStateTables tables,
    ScaleOutMode mode,
    PolledHere polledHere,
    OperationStore store,
    TargetHealthBoard health,
    TargetCatalog catalog,
    IOptions<InstanceOptions> instance,
    IOptions<ScaleOutOptions> options,
    TimeProvider time,
    ILogger<LiveStateListener> logger) : BackgroundService
{
    private readonly Channel<string> notifications = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SemaphoreSlim applying = new(1, 1);
    private readonly ConcurrentDictionary<string, long> applied = new(StringComparer.OrdinalIgnoreCase);
    private volatile bool listening;
    private int resyncs;

    /// <summary>The LISTEN connection is open (diagnostics, tests).</summary>
    public bool Listening => listening;

    /// <summary>How many times every target was read after a (re)connection.</summary>
    public int Resyncs => Volatile.Read(ref resyncs);

    /// <summary>The name the LISTEN connection gives PostgreSQL (<c>pg_stat_activity.application_name</c>).</summary>
    public string ApplicationName => ("brd-live " + instance.Value.Id) is var name && name.Length > 60 ? name[..60] : name;

    /// <summary>
    /// Reads <paramref name="targets"/> now, whoever polls them: a new lease holder starts from what the previous one
    /// saw, so its first poll writes no history for what did not change.
    /// </summary>
    public Task RefreshAsync(IReadOnlyCollection<string> targets, CancellationToken cancellationToken) =>
        mode.Enabled && targets.Count > 0 ? ApplyAsync(targets, includePolledHere: true, cancellationToken) : Task.CompletedTask;

    public override void Dispose()
    {
        applying.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!mode.Enabled)
        {
            return;
        }
        var applyLoop = Task.Run(() => ApplyNotificationsAsync(stoppingToken), CancellationToken.None);
        using var retry = new PeriodicTimer(options.Value.ListenRetryInterval, time);
        try
        {
            do
            {
                try
                {
                    await ListenAsync(stoppingToken);
                }
                catch (Exception e) when (e is DbException or IOException or InvalidOperationException or TimeoutException && !stoppingToken.IsCancellationRequested)
                {
                    listening = false;
                    LogDisconnected(logger, e.Message);
                }
            }
            while (await retry.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
        listening = false;
        await applyLoop;
    }

    private async Task ListenAsync(CancellationToken cancellationToken)
    {
        var settings = new NpgsqlConnectionStringBuilder(tables.ConnectionString)
        {
            // Its own connection, never back to a pool; a keepalive query finds a silently dead one within seconds.
            Pooling = false,
            KeepAlive = 5,
            ApplicationName = ApplicationName,
        };
        await using var connection = new NpgsqlConnection(settings.ConnectionString);
        connection.Notification += (_, e) => notifications.Writer.TryWrite(e.Payload);
        await connection.OpenAsync(cancellationToken);
        await using (var listen = new NpgsqlCommand($"LISTEN {LiveStateTables.Channel}", connection))
        {
            await listen.ExecuteNonQueryAsync(cancellationToken);
        }
        // Listening first, then reading: whatever commits after the read is notified, whatever before is read.
        await ApplyAsync(null, includePolledHere: false, cancellationToken);
        listening = true;
        Interlocked.Increment(ref resyncs);
        LogResynced(logger, instance.Value.Id);
        while (true)
        {
            await connection.WaitAsync(cancellationToken);
        }
    }

    private async Task ApplyNotificationsAsync(CancellationToken cancellationToken)
    {
        var me = instance.Value.Id;
        var due = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        // Poll times alone (most notifications of a quiet fleet): the health is read, not the operations.
        var healthDue = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        using var retry = new PeriodicTimer(options.Value.ListenRetryInterval, time);
        try
        {
            while (due.Count > 0 || healthDue.Count > 0 || await notifications.Reader.WaitToReadAsync(cancellationToken))
            {
                while (notifications.Reader.TryRead(out var payload))
                {
                    var (writer, targets) = LiveRows.Parse(payload);
                    foreach (var (target, version, healthOnly) in targets)
                    {
                        if (writer != me && version > applied.GetValueOrDefault(target))
                        {
                            (healthOnly ? healthDue : due).Add(target);
                        }
                    }
                }
                healthDue.ExceptWith(due);
                try
                {
                    await ApplyAsync(due, includePolledHere: false, cancellationToken);
                    due.Clear();
                    await ApplyHealthAsync(healthDue, cancellationToken);
                    healthDue.Clear();
                }
                catch (Exception e) when (e is DbException or IOException or InvalidOperationException or TimeoutException && !cancellationToken.IsCancellationRequested)
                {
                    LogReadFailed(logger, due.Count + healthDue.Count, e.Message);
                    await retry.WaitForNextTickAsync(cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    /// <summary>
    /// Mirrors the health of targets whose poll times alone changed. The applied version stays: it names the
    /// operations read last, and a change of them notified meanwhile must still be read.
    /// </summary>
    private async Task ApplyHealthAsync(HashSet<string> targets, CancellationToken cancellationToken)
    {
        if (targets.Count == 0)
        {
            return;
        }
        await applying.WaitAsync(cancellationToken);
        try
        {
            foreach (var (name, shared) in await tables.ReadHealthAsync(targets, cancellationToken))
            {
                if (catalog.Find(name) is { } target && !polledHere.Contains(target.Name))
                {
                    health.Mirror(target, shared);
                }
            }
        }
        finally
        {
            applying.Release();
        }
    }

    /// <summary>Reads and applies under one gate, so a later read is never overwritten by an earlier one.</summary>
    private async Task ApplyAsync(IReadOnlyCollection<string>? targets, bool includePolledHere, CancellationToken cancellationToken)
    {
        await applying.WaitAsync(cancellationToken);
        try
        {
            foreach (var read in await tables.ReadAsync(targets, cancellationToken))
            {
                // A target polled here is this instance's own to publish; one no longer configured here is not shown.
                if (catalog.Find(read.Target) is not { } target || (!includePolledHere && polledHere.Contains(target.Name)))
                {
                    continue;
                }
                store.Mirror(target.Name, read.Operations);
                if (read.Health is { } shared)
                {
                    health.Mirror(target, shared);
                }
                applied[target.Name] = read.Version;
            }
        }
        finally
        {
            applying.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The live-state listener lost its PostgreSQL connection (reconnecting, then reading every target): {Problem}")]
    private static partial void LogDisconnected(ILogger logger, string problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "Instance {Instance} listens for the other instances' changes and has read every target.")]
    private static partial void LogResynced(ILogger logger, string instance);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the shared state of {Count} target(s) (retrying): {Problem}")]
    private static partial void LogReadFailed(ILogger logger, int count, string problem);
}

/// <summary>The targets this instance polls now (its leases): their state here comes from its own polls, not from the tables.</summary>
internal sealed class PolledHere
{
    private readonly ConcurrentDictionary<string, bool> targets = new(StringComparer.OrdinalIgnoreCase);

    public bool Contains(string target) => targets.ContainsKey(target);

    public void Add(string target) => targets[target] = true;

    public void Remove(string target) => targets.TryRemove(target, out _);
}
