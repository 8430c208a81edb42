namespace BackupRestore.Dashboard.Tests.Features.Observability;

/// <summary>
/// Metrics and trace tests run alone, after the parallel ones. OpenTelemetry listens to meters and activity sources
/// by name, process-wide: with several dashboards in one test process, each app's provider would also count the
/// others' series, and drop a shared series when another app disposes its meters. In production there is one app
/// per process.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection
{
    public const string Name = "Telemetry: one dashboard at a time";
}
