using System.Diagnostics;
using BackupRestore.Dashboard.Tests.Infrastructure;
using BackupRestore.Simulator.Nsx;
using OpenTelemetry.Trace;

namespace BackupRestore.Dashboard.Tests.Features.Observability;

/// <summary>
/// Without OTEL_EXPORTER_OTLP_ENDPOINT nothing receives spans, so none are recorded. A class of its own: a second app
/// in the process that does sample would show its spans to this one's listener.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class TracingOffTests : IAsyncLifetime
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

        var read = await app.Get<BackupRestore.Dashboard.Features.Polling.TargetPollers>().Find("west")!.PollOnceAsync(default);

        Assert.NotNull(read);
        Assert.Empty(recorded.Snapshot());
    }
}
