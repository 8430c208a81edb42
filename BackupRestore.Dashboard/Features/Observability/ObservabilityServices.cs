using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace BackupRestore.Dashboard.Features.Observability;

/// <summary>
/// Health endpoints, OpenTelemetry metrics (Prometheus at <c>/metrics</c> when <c>Metrics:*</c> says who may
/// scrape) and traces (OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set), and the API description.
/// </summary>
internal static class ObservabilityServices
{
    public const string MetricsPath = "/metrics";

    public static IHostApplicationBuilder AddObservability(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddReadinessChecks(builder.Configuration);
        services.AddOptions<MetricsOptions>().Bind(builder.Configuration.GetSection("Metrics")).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MetricsOptions>, MetricsOptionsValidator>();
        services.AddSingleton<DashboardMetrics>();
        services.AddSingleton<DashboardGauges>();
        services.AddSingleton<Operations.IChangeObserver, TransitionMetrics>();

        var scrape = builder.Configuration.GetSection("Metrics").Get<MetricsOptions>() ?? new MetricsOptions();
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("backuprestore-dashboard"))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(DashboardMetrics.MeterName).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddRuntimeInstrumentation();
                if (scrape.Enabled)
                {
                    metrics.AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = scrape.ScrapeCacheMilliseconds);
                }
            })
            .WithTracing(tracing => tracing
                .AddSource(DashboardTracing.SourceName)
                // Probes and scrapes every few seconds would drown the traces worth reading.
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !IsProbe(context.Request.Path))
                .AddHttpClientInstrumentation());
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            // Endpoint, protocol and headers come from the standard OTEL_EXPORTER_OTLP_* variables.
            telemetry.UseOtlpExporter();
        }
        else
        {
            // Nobody receives spans: record none (a thousand targets poll every few seconds).
            services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.SetSampler(new AlwaysOffSampler()));
        }
        builder.AddApiDescription();
        return builder;
    }

    public static WebApplication MapObservability(this WebApplication app)
    {
        app.MapHealth();
        // Created now: its observable gauges exist from the first scrape on, even before any poll.
        app.Services.GetRequiredService<DashboardGauges>();
        var options = app.Services.GetRequiredService<IOptions<MetricsOptions>>().Value;
        if (options.Enabled)
        {
            MapMetrics(app, options);
        }
        app.UseReferencePageCsp();
        app.MapApiDescription();
        return app;
    }

    private static void MapMetrics(WebApplication app, MetricsOptions options)
    {
        var ports = options.ManagementUrls().Select(u => u.Port).ToHashSet();
        var endpoint = app.MapPrometheusScrapingEndpoint(MetricsPath, meterProvider: null,
            configureBranchedPipeline: branch => branch.Use((context, next) => ScrapeGate.CheckAsync(context, next, options.ScrapeToken, ports)),
            optionsName: null).AllowAnonymous();
        if (ports.Count > 0)
        {
            endpoint.RequireHost(ports.Select(p => $"*:{p}").ToArray());
        }
    }

    private static bool IsProbe(PathString path) =>
        path.StartsWithSegments(MetricsPath) || path.StartsWithSegments("/health");
}
