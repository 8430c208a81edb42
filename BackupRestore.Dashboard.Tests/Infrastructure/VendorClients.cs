using BackupRestore.Dashboard.Vendors;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BackupRestore.Dashboard.Tests.Infrastructure;

/// <summary>The app's own vendor registrations (typed clients, IAM, sessions) on a test clock, for client tests.</summary>
public sealed class VendorClients : IAsyncDisposable
{
    private readonly ServiceProvider services;

    public VendorClients(TimeProvider time)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.AddVendors();
        builder.Services.AddSingleton(time);
        services = builder.Services.BuildServiceProvider();
    }

    public T Get<T>() where T : notnull => services.GetRequiredService<T>();

    public ValueTask DisposeAsync() => services.DisposeAsync();
}
