using System.Data.Common;
using System.Diagnostics.Metrics;
using BackupRestore.Dashboard.Features.Data;
using BackupRestore.Dashboard.Features.Live;
using BackupRestore.Dashboard.Features.Operations;
using BackupRestore.Dashboard.Features.Targets;
using Microsoft.EntityFrameworkCore;

namespace BackupRestore.Dashboard.Features.Observability;

/// <summary>What is true now, read at each scrape from where it already lives (the store, the health board, the outbox).</summary>
internal sealed class DashboardGauges
{
    public DashboardGauges(
        DashboardMetrics metrics,
        OperationStore store,
        TargetHealthBoard health,
        LiveStats live,
        HubConnections hubs,
        IDbContextFactory<DashboardDb> databases)
    {
        var meter = metrics.Meter;
        meter.CreateObservableGauge("backuprestore.operations", () => Operations(store), "{operation}",
            "Operations listed now, by system, target and state.");
        meter.CreateObservableGauge("backuprestore.target.reachable", () => Reachable(health), "{target}",
            "1 when the target's last read succeeded, 0 otherwise.");
        meter.CreateObservableGauge("backuprestore.webhook.outbox", () => Deliveries(databases, "pending"), "{delivery}",
            "Webhook deliveries waiting to be sent.");
        meter.CreateObservableGauge("backuprestore.webhook.dead_letters", () => Deliveries(databases, "dead"), "{delivery}",
            "Webhook deliveries that gave up and wait for an operator.");
        meter.CreateObservableUpDownCounter("backuprestore.circuits", () => live.Circuits, "{circuit}",
            "Blazor circuits open now (pages and walls).");
        meter.CreateObservableUpDownCounter("backuprestore.hub.connections", () => hubs.Count, "{connection}",
            "Live hub connections open now.");
    }

    private static IEnumerable<Measurement<long>> Operations(OperationStore store) =>
        store.Ordered()
            .GroupBy(e => (e.Operation.System, e.Operation.Target, e.Operation.State))
            .Select(g => new Measurement<long>(g.Count(),
                new("system", g.Key.System), new("target", g.Key.Target), new("state", DashboardMetrics.StateLabel(g.Key.State))));

    private static IEnumerable<Measurement<int>> Reachable(TargetHealthBoard health) =>
        health.All.Select(h => new Measurement<int>(h.Reachable ? 1 : 0, new("system", h.System), new("target", h.Name)));

    /// <summary>A database that does not answer gives no value rather than a failed scrape.</summary>
    private static IEnumerable<Measurement<long>> Deliveries(IDbContextFactory<DashboardDb> databases, string status)
    {
        try
        {
            using var db = databases.CreateDbContext();
            return [new Measurement<long>(db.WebhookDeliveries.LongCount(d => d.Status == status))];
        }
        catch (Exception e) when (e is DbException or InvalidOperationException)
        {
            return [];
        }
    }
}
