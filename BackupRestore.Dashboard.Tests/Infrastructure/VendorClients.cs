using BackupRestore.Dashboard.Features.Targets;
using BackupRestore.Dashboard.Vendors;
using BackupRestore.Dashboard.Vendors.Cbr;
using BackupRestore.Dashboard.Vendors.Cse;
using BackupRestore.Dashboard.Vendors.GeminiDb;
using BackupRestore.Dashboard.Vendors.Http;
using BackupRestore.Dashboard.Vendors.Nsx;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BackupRestore.Dashboard.Tests.Infrastructure;

/// <summary>
/// The app's own vendor registrations (Refit clients on named per-target clients, resilience, auth, TLS) on a test
/// clock, for client tests. Retry delays are zero unless a test sets them: a fake clock would hold them forever.
/// </summary>
public sealed class VendorClients : IAsyncDisposable
{
    private readonly ServiceProvider services;

    public VendorClients(TimeProvider time, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Resilience:RetryDelay"] = "00:00:00" });
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.AddVendors();
        builder.Services.AddSingleton(time);
        builder.Services.AddSingleton<TargetCatalog>();
        builder.Services.AddOptions<DashboardTargetsOptions>();
        services = builder.Services.BuildServiceProvider();
    }

    public T Get<T>() where T : notnull => services.GetRequiredService<T>();

    internal VendorApis Apis => Get<VendorApis>();

    internal INsxApi Nsx(TargetOptions target) => Apis.Nsx(target);

    internal IGeminiDbApi GeminiDb(TargetOptions target) => Apis.GeminiDb(target);

    internal ICseApi Cse(TargetOptions target) => Apis.Cse(target);

    internal ICbrApi Cbr(TargetOptions target) => Apis.Cbr(target);

    internal T Connector<T>() where T : IVendorConnector => services.GetServices<IVendorConnector>().OfType<T>().Single();

    public ValueTask DisposeAsync() => services.DisposeAsync();
}
