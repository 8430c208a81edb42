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
            "Operations listed now, by system, target, kind (backup, restore) and state.");
        meter.CreateObservableGauge("backuprestore.target.reachable", () => Reachable(health), "{target}",
            "1 when the target's last read succeeded, 0 otherwise.");
        meter.CreateObservableGauge("backuprestore.target.circuit_open", () => CircuitOpen(health), "{target}",
            "1 while the target's circuit breaker is open (its calls are refused without trying), 0 otherwise.");
        meter.CreateObservableGauge("backuprestore.webhook.outbox", () => Deliveries(databases, "pending"), "{delivery}",
            "Webhook deliveries waiting to be sent.");
        meter.CreateObservableGauge("backuprestore.webhook.dead_letters", () => Deliveries(databases, "dead"), "{delivery}",
            "Webhook deliveries that gave up and wait for an operator.");
        meter.CreateObservableUpDownCounter("backuprestore.circuits", () => live.Circuits, "{circuit}",
            "Blazor circuits open now (pages and walls).");
        meter.CreateObservableUpDownCounter("backuprestore.hub.connections", () => hubs.Count, "{connection}",
            "Live hub connections open now.");
        // Renders per change is the ratio of the two: how much work one operation's change costs the open pages.
        meter.CreateObservableCounter("backuprestore.live.renders", () => Renders(live), "{render}",
            "Renders of live components caused by store changes, by kind (operation: a row, card or tile; summary: lists and counts).");
        meter.CreateObservableCounter("backuprestore.live.changes", () => store.Version, "{change}",
            "Operation changes applied to the store (each new or changed operation is one).");
    }

    private static IEnumerable<Measurement<long>> Operations(OperationStore store) =>
        store.Ordered()
            .GroupBy(e => (e.Operation.System, e.Operation.Target, e.Operation.Kind, e.Operation.State))
            .Select(g => new Measurement<long>(g.Count(), new("system", g.Key.System), new("target", g.Key.Target),
                new("kind", DashboardMetrics.KindLabel(g.Key.Kind)), new("state", DashboardMetrics.StateLabel(g.Key.State))));

    private static IEnumerable<Measurement<int>> Reachable(TargetHealthBoard health) =>
        health.All.Select(h => new Measurement<int>(h.Reachable ? 1 : 0, new("system", h.System), new("target", h.Name)));

    private static IEnumerable<Measurement<int>> CircuitOpen(TargetHealthBoard health) =>
        health.All.Select(h => new Measurement<int>(HealthLabels.Circuit(h) == CircuitStatus.Open ? 1 : 0, new("system", h.System), new("target", h.Name)));

    private static IEnumerable<Measurement<long>> Renders(LiveStats live) =>
        [new(live.OperationRenders, new KeyValuePair<string, object?>("kind", "operation")), new(live.SummaryRenders, new KeyValuePair<string, object?>("kind", "summary"))];

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
