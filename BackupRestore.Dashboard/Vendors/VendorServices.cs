using BackupRestore.Dashboard.Features.Resilience;
using BackupRestore.Dashboard.Vendors.Cbr;
using BackupRestore.Dashboard.Vendors.Cse;
using BackupRestore.Dashboard.Vendors.GeminiDb;
using BackupRestore.Dashboard.Vendors.Http;
using BackupRestore.Dashboard.Vendors.Huawei;
using BackupRestore.Dashboard.Vendors.Nsx;
using BackupRestore.Dashboard.Vendors.Vcenter;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace BackupRestore.Dashboard.Vendors;

internal static class VendorServices
{
    /// <summary>
    /// Refit clients on one named HttpClient per target (<see cref="VendorClientOptions"/>), one authentication and one
    /// connector per system; a system plugs in here and nowhere else.
    /// </summary>
    public static IHostApplicationBuilder AddVendors(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddHttpClient();
        services.AddSingleton<IConfigureOptions<HttpClientFactoryOptions>, VendorClientOptions>();
        services.AddSingleton<VendorTargets>();
        services.AddSingleton<VendorApis>();
        services.AddSingleton<TargetTls>();
        services.AddSingleton<TargetPipelines>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddHostedService<TlsStartupCheck>();
        services.AddOptions<ResilienceOptions>().Bind(builder.Configuration.GetSection("Resilience"))
            .Validate(o => o.Retries is >= 0 and <= 10, "Resilience:Retries must be between 0 and 10.")
            .Validate(o => o.RetryDelay >= TimeSpan.Zero && o.Break >= TimeSpan.FromMilliseconds(500) && o.MaxBreak >= o.Break,
                "Resilience:RetryDelay must not be negative, Resilience:Break must be at least 00:00:00.5 and Resilience:MaxBreak at least Break.")
            .Validate(o => o.BreakAfterFailures >= 2, "Resilience:BreakAfterFailures must be at least 2.")
            .ValidateOnStart();
        services.AddSingleton<VendorRegistry>();

        services.AddKeyedSingleton<IVendorAuth, NsxAuth>(NsxConnector.SystemName);
        services.AddSingleton<IVendorConnector, NsxConnector>();

        services.AddKeyedSingleton<IVendorAuth, VcenterAuth>(VcenterConnector.SystemName);
        services.AddSingleton<VcenterCalls>();
        services.AddSingleton<IVendorConnector, VcenterConnector>();

        services.AddSingleton<HuaweiIam>();
        services.AddSingleton<HuaweiAuth>();
        foreach (var system in new[] { GeminiDbConnector.SystemName, CseConnector.SystemName, CbrConnector.SystemName })
        {
            services.AddKeyedSingleton<IVendorAuth>(system, (sp, _) => sp.GetRequiredService<HuaweiAuth>());
        }
        services.AddSingleton<IVendorConnector, GeminiDbConnector>();
        services.AddSingleton<IVendorConnector, CseConnector>();
        services.AddSingleton<IVendorConnector, CbrConnector>();
        return builder;
    }
}
