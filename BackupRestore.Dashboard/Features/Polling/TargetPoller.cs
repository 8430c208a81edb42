using BackupRestore.Dashboard.Features.Observability;
using BackupRestore.Dashboard.Features.Operations;
using BackupRestore.Dashboard.Features.Targets;
using BackupRestore.Dashboard.Vendors;

namespace BackupRestore.Dashboard.Features.Polling;

/// <summary>
/// Polls one target on its own timer and applies what it saw. Polls of one target never overlap (an action's
/// re-read waits for a running poll); a slow or dead target delays nobody else.
/// </summary>
internal sealed partial class TargetPoller(
    TargetOptions target,
    IVendorConnector connector,
    OperationStore store,
    TargetHealthBoard health,
    IEnumerable<IChangeObserver> observers,
    TimeProvider time,
    Diagnostics.RuntimeStats stats,
    Observability.DashboardMetrics metrics,
    ILogger<TargetPoller> logger) : IDisposable
{
    private const string PlaceholderSuffix = ":target";
    private readonly SemaphoreSlim gate = new(1, 1);

    public TargetOptions Target => target;

    /// <summary>
    /// Its loop ended by a failure it did not survive: readiness says so. Not when it was stopped on purpose (shutdown,
    /// or its lease went to another instance): an instance that polls fewer targets is still ready to serve.
    /// </summary>
    public bool Ended { get; private set; }

    /// <summary>Targets are split between instances (see <see cref="IPollingAssignment.Shared"/>).</summary>
    public bool Shared { get; init; }

    /// <summary>
    /// What a read here publishes (store, health, observers): always on one instance; with shared targets, only while
    /// this instance's loop polls the target.
    /// </summary>
    public bool Publishes => !Shared || Volatile.Read(ref polling) == 1;

    private int polling;

    public void Dispose() => gate.Dispose();

    /// <param name="mayPoll">
    /// Asked before each tick's read; false skips the read (with shared targets: this instance's lease may have
    /// lapsed because its renewals ran late, so another instance may already poll the target).
    /// </param>
    public async Task RunAsync(CancellationToken stoppingToken, Func<bool>? mayPoll = null)
    {
        Ended = false;
        Volatile.Write(ref polling, 1);
        using var timer = new PeriodicTimer(target.PollInterval, time);
        var due = time.GetUtcNow();
        try
        {
            do
            {
                // How late this tick runs: the benchmark's tick lag (many targets share two cores).
                var now = time.GetUtcNow();
                stats.RecordTick(now > due ? now - due : TimeSpan.Zero);
                due = (now > due + target.PollInterval ? now : due) + target.PollInterval;
                if (mayPoll?.Invoke() ?? true)
                {
                    await PollOnceAsync(stoppingToken);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down, or this instance no longer holds the target's lease.
        }
        finally
        {
            Volatile.Write(ref polling, 0);
            Ended = !stoppingToken.IsCancellationRequested;
        }
    }

    /// <summary>
    /// Reads the target now and publishes changes; returns its operations, or null when it could not be read. On an
    /// instance that shares targets and does not poll this one, it only reads: the poller publishes, once.
    /// </summary>
    public async Task<IReadOnlyList<Operation>?> PollOnceAsync(CancellationToken cancellationToken)
    {
        if (!Publishes)
        {
            return await ReadOnlyAsync(cancellationToken);
        }
        await gate.WaitAsync(cancellationToken);
        using var span = DashboardTracing.StartPoll(target.System, target.Name);
        var started = time.GetTimestamp();
        try
        {
            TargetRead seen;
            try
            {
                seen = await connector.PollAsync(target, cancellationToken);
                seen = seen with { Operations = RedactedOperations.Apply(seen.Operations) };
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                metrics.PollFailed(target, e);
                span.Failed(ErrorKinds.Of(e));
                var issue = Hosting.Redaction.Apply(Describe(e));
                var before = health.Get(target);
                var now = time.GetUtcNow();
                health.RecordFailure(target, now, issue);
                // Three intervals without a good read: the cards say their data may be out of date.
                var stale = before.LastSuccessAt is not { } last || now - last >= target.PollInterval * 3;
                if (before.Reachable || before.LastError != issue)
                {
                    LogPollFailed(logger, target.Name, issue);
                }
                Publish(store.Apply(target.Name, WithIssue(issue, stale), target.Retention));
                return null;
            }
            health.RecordSuccess(target, time.GetUtcNow(), seen.Gaps);
            Publish(store.Apply(target.Name, seen.Operations, target.Retention));
            return seen.Operations;
        }
        finally
        {
            metrics.Polled(target, time.GetElapsedTime(started));
            gate.Release();
        }
    }

    private async Task<IReadOnlyList<Operation>?> ReadOnlyAsync(CancellationToken cancellationToken)
    {
        try
        {
            return RedactedOperations.Apply((await connector.PollAsync(target, cancellationToken)).Operations);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            LogPollFailed(logger, target.Name, Hosting.Redaction.Apply(Describe(e)));
            return null;
        }
    }

    /// <summary>The store's subscribers (pages, the hub) read their own channels; observers get the changes here.</summary>
    private void Publish(StoreChanges changes)
    {
        foreach (var observer in observers)
        {
            observer.Observe(changes);
        }
    }

    /// <summary>Keeps the last known operations, marked with the problem; a target never seen gets a placeholder.</summary>
    private List<Operation> WithIssue(string issue, bool stale)
    {
        var known = store.OfTarget(target.Name).Select(e => e.Operation).Where(o => !o.Id.EndsWith(PlaceholderSuffix, StringComparison.Ordinal)).ToList();
        if (known.Count > 0)
        {
            return known.Select(o => o with { TargetIssue = issue, Actions = [], Stale = stale }).ToList();
        }
        return
        [
            new Operation
            {
                Id = target.Name + PlaceholderSuffix,
                Target = target.Name,
                System = target.System,
                Kind = "restore",
                State = OperationState.Unknown,
                VendorStatus = "UNREACHABLE",
                Message = issue,
                TargetIssue = issue,
                Stale = stale,
            },
        ];
    }

    public static string Describe(Exception e) => VendorFailure.Describe(e);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Polling {Target} failed: {Issue}")]
    private static partial void LogPollFailed(ILogger logger, string target, string issue);
}
