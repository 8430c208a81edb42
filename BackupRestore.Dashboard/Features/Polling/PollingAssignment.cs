namespace BackupRestore.Dashboard.Features.Polling;

/// <summary>Decides which of the pollers this instance runs, and for how long.</summary>
internal interface IPollingAssignment
{
    /// <summary>
    /// Targets are split between instances: a target this instance does not poll now is someone else's to publish,
    /// so an action's re-read of it here only reads (history, webhooks and the shared state stay with the poller).
    /// </summary>
    bool Shared => false;

    Task RunAsync(IReadOnlyList<TargetPoller> pollers, CancellationToken stoppingToken);
}

/// <summary>One instance (SQLite): every target is polled here, each on its own timer.</summary>
internal sealed class LocalPolling : IPollingAssignment
{
    public Task RunAsync(IReadOnlyList<TargetPoller> pollers, CancellationToken stoppingToken) =>
        Task.WhenAll(pollers.Select(p => Task.Run(() => p.RunAsync(stoppingToken), stoppingToken)));
}
