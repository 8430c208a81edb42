using System.Collections;
using System.Diagnostics;
using System.Net;
using BackupRestore.Dashboard.Features.Auth;
using BackupRestore.Dashboard.Tests.Infrastructure;
using BackupRestore.Simulator.Nsx;
using OpenTelemetry.Trace;

namespace BackupRestore.Dashboard.Tests.Features.Observability;

/// <summary>An operator's action is one trace: the action span, the reads it makes and the vendor call as children.</summary>
[Collection(TelemetryCollection.Name)]
public sealed class TracingTests : IAsyncLifetime
{
    private const string Operation = "west:cluster-restore";
    private readonly LockedList<Activity> spans = new();
    private SimulatorHandle sim = default!;
    private DashboardApp app = default!;

    public async Task InitializeAsync()
    {
        sim = await SimulatorHandle.StartAsync();
        sim.AddNsx("west", NsxScenario.SuspendsForUserAction);
        app = DashboardApp.Start([sim.TargetOptions("nsx", "west")], new ManualTimeProvider(DateTimeOffset.UtcNow),
            // Without an OTLP endpoint the app samples nothing; a test exporter turns sampling back on, as an endpoint would.
            services: s => s.ConfigureOpenTelemetryTracerProvider(t => t.SetSampler(new AlwaysOnSampler()).AddInMemoryExporter(spans)));
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        await sim.DisposeAsync();
    }

    [Fact]
    public async Task An_actions_trace_holds_the_vendor_call_as_a_child_of_the_action_span()
    {
        await app.WaitForOperationAsync(Operation);
        using var api = await app.ApiClientAsync(Roles.Operator);

        await api.PostJsonAsync($"/api/operations/{Operation}/actions/cancel", null, HttpStatusCode.OK);

        var all = spans.Snapshot();
        var action = Assert.Single(all, s => s.Source.Name == "BackupRestore.Dashboard" && s.DisplayName == "action");
        var children = all.Where(s => s.ParentSpanId == action.SpanId).ToList();
        var vendorCall = Assert.Single(children, s => s.Kind == ActivityKind.Client);
        var reads = children.Where(s => s.DisplayName == "poll").ToList();
        Assert.Equal(("cancel", "west", Operation, "succeeded"), (action.GetTagItem("backuprestore.action"), action.GetTagItem("backuprestore.target"),
            action.GetTagItem("backuprestore.operation.id"), action.GetTagItem("backuprestore.outcome")));
        Assert.Equal("POST", vendorCall.GetTagItem("http.request.method"));
        Assert.Contains("/api/v1/cluster/restore", (string)vendorCall.GetTagItem("url.full")!, StringComparison.Ordinal);
        Assert.Equal(action.TraceId, vendorCall.TraceId);
        // Read before sending, read after: each its own span with its own GET calls under it.
        Assert.Equal(2, reads.Count);
        Assert.All(reads, r => Assert.Contains(all, s => s.ParentSpanId == r.SpanId && s.Kind == ActivityKind.Client && (string?)s.GetTagItem("http.request.method") == "GET"));
        // The API request that carried the action is the action span's parent.
        Assert.Equal(ActivityKind.Server, Assert.Single(all, s => s.SpanId == action.ParentSpanId).Kind);
    }

    [Fact]
    public async Task A_failed_poll_is_a_span_with_an_error_status_and_kind()
    {
        await app.WaitForOperationAsync(Operation);
        await sim.SetFaultAsync("nsx", "west", BackupRestore.Simulator.SimFaultKind.HtmlErrorPage);

        await app.Get<BackupRestore.Dashboard.Features.Polling.TargetPollers>().Find("west")!.PollOnceAsync(default);

        var failed = spans.Snapshot().Where(s => s.DisplayName == "poll" && s.Status == ActivityStatusCode.Error).ToList();
        Assert.Equal("http_502", Assert.Single(failed).GetTagItem("error.type"));
    }

    /// <summary>The exporter adds from whichever thread ends a span; the test reads a copy.</summary>
    internal sealed class LockedList<T> : ICollection<T>
    {
        private readonly List<T> items = [];

        public int Count
        {
            get
            {
                lock (items)
                {
                    return items.Count;
                }
            }
        }

        public bool IsReadOnly => false;

        public List<T> Snapshot()
        {
            lock (items)
            {
                return [.. items];
            }
        }

        public void Add(T item)
        {
            lock (items)
            {
                items.Add(item);
            }
        }

        public void Clear()
        {
            lock (items)
            {
                items.Clear();
            }
        }

        public bool Contains(T item) => Snapshot().Contains(item);

        public void CopyTo(T[] array, int arrayIndex) => Snapshot().CopyTo(array, arrayIndex);

        public bool Remove(T item)
        {
            lock (items)
            {
                return items.Remove(item);
            }
        }

        public IEnumerator<T> GetEnumerator() => Snapshot().GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
