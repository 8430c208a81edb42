using BackupRestore.Dashboard.Features.Operations;
using BackupRestore.Dashboard.Features.Targets;
using BackupRestore.Dashboard.Vendors;

namespace BackupRestore.Dashboard.Features.Polling;

/// <summary>One <see cref="TargetPoller"/> per target of the catalog, created once the catalog is final.</summary>
internal sealed class TargetPollers(
    TargetCatalog catalog,
    VendorRegistry vendors,
    OperationStore store,
    TargetHealthBoard health,
    IEnumerable<IChangeObserver> observers,
    TimeProvider time,
    Diagnostics.RuntimeStats stats,
    Observability.DashboardMetrics metrics,
    IPollingAssignment assignment,
    ILoggerFactory loggers) : IDisposable
{
    private readonly Lazy<Dictionary<string, TargetPoller>> pollers = new(() => catalog.All.ToDictionary(
        t => t.Name,
        t => new TargetPoller(t, vendors.Get(t.System), store, health, observers.ToList(), time, stats, metrics, loggers.CreateLogger<TargetPoller>()) { Shared = assignment.Shared },
        StringComparer.OrdinalIgnoreCase));

    public IEnumerable<TargetPoller> All => pollers.Value.Values;

    public TargetPoller? Find(string target) => pollers.Value.GetValueOrDefault(target);

    /// <summary>
    /// The target an operation id belongs to (ids are "target:…"; the longest matching name wins): for an instance
    /// that does not poll the target, and so may not have seen the operation yet.
    /// </summary>
    public TargetPoller? FindByOperation(string operationId) => pollers.Value.Values
        .Where(p => operationId.StartsWith(p.Target.Name + ":", StringComparison.OrdinalIgnoreCase))
        .MaxBy(p => p.Target.Name.Length);

    public void Dispose()
    {
        if (pollers.IsValueCreated)
        {
            foreach (var poller in pollers.Value.Values)
            {
                poller.Dispose();
            }
        }
    }
}

/// <summary>Runs the pollers this instance is assigned (all of them, or those it holds a lease for).</summary>
internal sealed class PollingService(TargetPollers pollers, IPollingAssignment assignment) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => assignment.RunAsync(pollers.All.ToList(), stoppingToken);
}
