using System.Net;
using BackupRestore.Dashboard.Vendors.Cbr;
using BackupRestore.Dashboard.Vendors.Cse;
using BackupRestore.Dashboard.Vendors.GeminiDb;
using BackupRestore.Dashboard.Vendors.Huawei;
using BackupRestore.Dashboard.Vendors.Nsx;
using BackupRestore.Dashboard.Vendors.Vcenter;

namespace BackupRestore.Dashboard.Vendors;

internal static class VendorServices
{
    /// <summary>One typed client and one connector per system; a system plugs in here and nowhere else.</summary>
    public static IHostApplicationBuilder AddVendors(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddTransient<TargetTimeoutHandler>();
        services.AddTransient<Features.Resilience.TargetResilienceHandler>();
        services.AddSingleton<Features.Resilience.TargetCircuits>();
        services.AddOptions<Features.Resilience.ResilienceOptions>().Bind(builder.Configuration.GetSection("Resilience"))
            .Validate(o => o.Retries is >= 0 and <= 10, "Resilience:Retries must be between 0 and 10.")
            .Validate(o => o.RetryDelay >= TimeSpan.Zero && o.Break > TimeSpan.Zero && o.MaxBreak >= o.Break,
                "Resilience:RetryDelay must not be negative, Resilience:Break must be positive and Resilience:MaxBreak at least Break.")
            .Validate(o => o.BreakAfterFailures >= 2, "Resilience:BreakAfterFailures must be at least 2.")
            .ValidateOnStart();
        services.AddSingleton<VendorRegistry>();

        services.AddSingleton<NsxSessions>();
        services.AddHttpClient<NsxClient>().AddVendorPipeline();
        services.AddSingleton<IVendorConnector, NsxConnector>();

        services.AddSingleton<VcenterSessions>();
        services.AddHttpClient<VcenterClient>().AddVendorPipeline();
        services.AddSingleton<IVendorConnector, VcenterConnector>();

        services.AddSingleton<HuaweiIam>();
        services.AddHttpClient(HuaweiIam.HttpClientName).AddVendorPipeline();
        services.AddHttpClient<GeminiDbClient>().AddVendorPipeline();
        services.AddSingleton<IVendorConnector, GeminiDbConnector>();
        services.AddHttpClient<CseClient>().AddVendorPipeline();
        services.AddSingleton<IVendorConnector, CseConnector>();
        services.AddHttpClient<CbrClient>().AddVendorPipeline();
        services.AddSingleton<IVendorConnector, CbrConnector>();
        return builder;
    }

    /// <summary>
    /// One long-lived handler per client type: connections are pooled and reused across polls (and renewed every
    /// few minutes for DNS); cookies are off because sessions are per target, not per process.
    /// </summary>
    public static IHttpClientBuilder AddVendorPipeline(this IHttpClientBuilder builder) => builder
        .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
        {
            UseCookies = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(5),
            AutomaticDecompression = DecompressionMethods.All,
            MaxConnectionsPerServer = 16,
        })
        .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
        .AddHttpMessageHandler<Features.Resilience.TargetResilienceHandler>()
        .AddHttpMessageHandler<TargetTimeoutHandler>()
        .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan);
}
