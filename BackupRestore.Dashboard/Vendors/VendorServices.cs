using System.Net;
using BackupRestore.Dashboard.Vendors.Nsx;

namespace BackupRestore.Dashboard.Vendors;

internal static class VendorServices
{
    public static IHostApplicationBuilder AddVendors(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddTransient<TargetTimeoutHandler>();
        services.AddSingleton<VendorRegistry>();

        services.AddSingleton<NsxSessions>();
        services.AddHttpClient<NsxClient>().AddVendorPipeline();
        services.AddSingleton<IVendorConnector, NsxConnector>();
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
        .AddHttpMessageHandler<TargetTimeoutHandler>()
        .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan);
}
