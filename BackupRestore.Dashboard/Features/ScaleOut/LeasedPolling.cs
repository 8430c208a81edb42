using System.Data.Common;
using BackupRestore.Dashboard.Features.Polling;
using Microsoft.Extensions.Options;

namespace BackupRestore.Dashboard.Features.ScaleOut;

/// <summary>
/// Several instances on one PostgreSQL: this instance polls only the targets it holds a lease for. Each renewal it
/// heartbeats, renews, and moves towards its fair share, ceil(targets / live instances): above it, it stops
/// pollers and then gives their leases back (so nothing is polled twice); below it, it takes free or expired
/// leases. A killed instance's leases expire and are taken within LeaseDuration + RenewInterval. Hand-overs keep the
/// history once-only: the giver writes its last state to the shared tables before releasing, the taker reads it
/// before its first poll (which then sees nothing new for an unchanged operation).
/// </summary>
internal sealed partial class LeasedPolling(
    TargetLeases leases,
    PolledHere polledHere,
    LiveStateListener liveState,
    LiveStateWriter shared,
    IOptions<ScaleOutOptions> options,
    IOptions<InstanceOptions> instance,
    TimeProvider time,
    ILogger<LeasedPolling> logger) : IPollingAssignment
{
    public bool Shared => true;

    private readonly Dictionary<string, (CancellationTokenSource Stop, Task Run)> running = new(StringComparer.OrdinalIgnoreCase);
    private long renewedAtTicks;
    private long fenceTicks;
    private int held;

    /// <summary>The last renewal that reached the database (for /health/ready); null before the first.</summary>
    public DateTimeOffset? RenewedAt => Interlocked.Read(ref renewedAtTicks) is var t and > 0 ? new DateTimeOffset(t, TimeSpan.Zero) : null;

    /// <summary>
    /// Until when this instance's leases surely last, on the local clock: the start of the last renewal that reached
    /// the database plus the lease, less one renewal interval for a read already on its way. Pollers skip their reads
    /// after it, so renewals starved by load (not only failed ones) never let two instances poll one target.
    /// </summary>
    private bool WithinLease() => time.GetUtcNow().UtcTicks < Interlocked.Read(ref fenceTicks);

    /// <summary>Targets this instance polls now.</summary>
    public int Held => Volatile.Read(ref held);

    public async Task RunAsync(IReadOnlyList<TargetPoller> pollers, CancellationToken stoppingToken)
    {
        var byName = pollers.ToDictionary(p => p.Target.Name, StringComparer.OrdinalIgnoreCase);
        var settings = options.Value;
        using var timer = new PeriodicTimer(settings.RenewInterval, time);
        var renewedAt = time.GetUtcNow();
        try
        {
            do
            {
                try
                {
                    var started = time.GetUtcNow();
                    await BalanceAsync(byName, started, stoppingToken);
                    renewedAt = time.GetUtcNow();
                    Interlocked.Exchange(ref renewedAtTicks, renewedAt.UtcTicks);
                    Volatile.Write(ref held, running.Count);
                }
                catch (Exception e) when (e is DbException or InvalidOperationException or TimeoutException && !stoppingToken.IsCancellationRequested)
                {
                    LogRenewFailed(logger, instance.Value.Id, e.Message);
                    // Our leases may be expiring: stop before another instance could take them and poll too.
                    if (time.GetUtcNow() - renewedAt >= settings.LeaseDuration - settings.RenewInterval)
                    {
                        await StopAsync(running.Keys.ToList());
                    }
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
        finally
        {
            await StopAsync(running.Keys.ToList());
            await LeaveAsync();
        }
    }

    private async Task BalanceAsync(Dictionary<string, TargetPoller> pollers, DateTimeOffset started, CancellationToken cancellationToken)
    {
        var live = Math.Max(1, await leases.HeartbeatAsync(cancellationToken));
        var owned = await leases.RenewAsync(cancellationToken);
        var settings = options.Value;
        Interlocked.Exchange(ref fenceTicks, (started + settings.LeaseDuration - settings.RenewInterval).UtcTicks);
        owned.IntersectWith(pollers.Keys);
        await StopAsync(running.Keys.Where(t => !owned.Contains(t)).ToList());

        var share = (pollers.Count + live - 1) / live;
        if (owned.Count > share)
        {
            var excess = owned.Order(StringComparer.OrdinalIgnoreCase).Skip(share).ToList();
            await StopAsync(excess);
            await shared.FlushAsync().WaitAsync(cancellationToken);
            await leases.ReleaseAsync(excess, cancellationToken);
            owned.ExceptWith(excess);
            LogReleased(logger, instance.Value.Id, excess.Count, live);
        }
        else if (owned.Count < share)
        {
            var others = await leases.HeldByOthersAsync(cancellationToken);
            foreach (var target in pollers.Keys.Where(t => !owned.Contains(t) && !others.Contains(t)))
            {
                if (owned.Count >= share)
                {
                    break;
                }
                if (await leases.TryTakeAsync(target, cancellationToken))
                {
                    owned.Add(target);
                }
            }
        }
        var starting = owned.Where(t => !running.ContainsKey(t)).ToList();
        try
        {
            await liveState.RefreshAsync(starting, cancellationToken);
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            // Polled anyway: at worst a state already recorded by the previous holder is recorded again.
            LogRefreshFailed(logger, instance.Value.Id, e.Message);
        }
        foreach (var target in starting)
        {
            polledHere.Add(target);
            var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var poller = pollers[target];
            running[target] = (stop, Task.Run(() => poller.RunAsync(stop.Token, WithinLease), CancellationToken.None));
        }
    }

    private async Task StopAsync(IReadOnlyCollection<string> targets)
    {
        var stopping = new List<Task>();
        foreach (var target in targets)
        {
            if (running.Remove(target, out var run))
            {
                await run.Stop.CancelAsync();
                stopping.Add(run.Run.ContinueWith(_ =>
                {
                    run.Stop.Dispose();
                    polledHere.Remove(target);
                }, TaskScheduler.Default));
            }
        }
        await Task.WhenAll(stopping);
    }

    private async Task LeaveAsync()
    {
        using var timeout = new CancellationTokenSource(options.Value.RenewInterval * 2, time);
        try
        {
            // What the last polls changed reaches the others before they take over.
            await shared.FlushAsync().WaitAsync(timeout.Token);
            await leases.LeaveAsync(timeout.Token);
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or OperationCanceledException)
        {
            // The leases expire by themselves; the others only wait longer.
            LogRenewFailed(logger, instance.Value.Id, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Instance {Instance} could not renew its target leases: {Problem}")]
    private static partial void LogRenewFailed(ILogger logger, string instance, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Instance {Instance} could not read the shared state of the targets it takes over: {Problem}")]
    private static partial void LogRefreshFailed(ILogger logger, string instance, string problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "Instance {Instance} gave back {Count} target lease(s) for {Live} live instances.")]
    private static partial void LogReleased(ILogger logger, string instance, int count, int live);
}
