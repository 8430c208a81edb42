using System.Diagnostics;
using BackupRestore.Dashboard.Features.Polling;
using BackupRestore.Dashboard.Tests.Infrastructure;
using BackupRestore.Simulator.Nsx;
using OpenTelemetry.Trace;

namespace BackupRestore.Dashboard.Tests.Features.Observability;

/// <summary>
/// With OTEL_EXPORTER_OTLP_ENDPOINT set, spans really leave the process: a stand-in collector on loopback receives
/// OTLP/HTTP protobuf at /v1/traces. Without it nothing receives spans, so none are recorded. (The telemetry
/// collection runs one app at a time: a second app that samples would show its spans to the other's listener.)
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class OtlpExportTests : IAsyncLifetime
{
    private SimulatorHandle sim = default!;

    public async Task InitializeAsync()
    {
        sim = await SimulatorHandle.StartAsync();
        sim.AddNsx("west", NsxScenario.SuspendsForUserAction);
    }

    public async Task DisposeAsync() => await sim.DisposeAsync();

    [Fact]
    public async Task Without_an_otlp_endpoint_the_app_records_no_spans()
    {
        var recorded = new TracingTests.LockedList<Activity>();
        await using var app = DashboardApp.Start([sim.TargetOptions("nsx", "west")], new ManualTimeProvider(DateTimeOffset.UtcNow),
            services: s => s.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(recorded)));
        await app.WaitForOperationAsync("west:cluster-restore");

        var read = await app.Get<TargetPollers>().Find("west")!.PollOnceAsync(default);

        Assert.NotNull(read);
        Assert.Empty(recorded.Snapshot());
    }
    [Fact]
    public async Task With_an_otlp_endpoint_a_polls_span_reaches_the_collector_as_protobuf()
    {
        await using var collector = await WebhookReceiver.StartAsync(path: "/v1/traces");
        await using var app = DashboardApp.Start([sim.TargetOptions("nsx", "west")], new ManualTimeProvider(DateTimeOffset.UtcNow),
            new Dictionary<string, string?>
            {
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Url.GetLeftPart(UriPartial.Authority),
                ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            });
        await app.WaitForOperationAsync("west:cluster-restore");

        await app.Get<TargetPollers>().Find("west")!.PollOnceAsync(default);
        // The batch would go out within seconds anyway; flushing makes the test wait for it, not for a timer.
        Assert.True(app.Get<TracerProvider>().ForceFlush(10_000));
        await collector.WaitForAsync(1);

        var bodies = collector.Bodies;
        // Protobuf, not JSON; the strings inside are the service and span names as they were sent.
        Assert.All(bodies, b => Assert.False(b.TrimStart().StartsWith('{'), b));
        Assert.Contains(bodies, b => b.Contains("backuprestore-dashboard", StringComparison.Ordinal) && b.Contains("poll", StringComparison.Ordinal)
            && b.Contains("backuprestore.target", StringComparison.Ordinal));
    }
}
