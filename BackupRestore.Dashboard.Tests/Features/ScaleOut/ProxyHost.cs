using System.Collections.Concurrent;
using BackupRestore.Dashboard.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Model;

namespace BackupRestore.Dashboard.Tests.Features.ScaleOut;

/// <summary>
/// The documented reverse proxy, in-process: <c>docs/deploy/yarp/proxy.json</c> as the README shows it, with only its
/// destinations' addresses replaced by the instances under test, and the host code of <c>docs/deploy/yarp/Program.cs</c>.
/// It also records which destination answered each request, outside YARP's own pipeline.
/// </summary>
public sealed class ProxyHost : IAsyncDisposable
{
    public static string ConfigPath => Path.Combine(RepositoryPaths.Docs, "deploy", "yarp", "proxy.json");

    private readonly WebApplication app;
    private readonly ConcurrentQueue<(string Path, string Destination)> served = new();

    private ProxyHost(WebApplication app) => this.app = app;

    public Uri Address { get; private set; } = default!;

    /// <summary>Destination ids, in the order they answered (path and destination).</summary>
    public IReadOnlyList<(string Path, string Destination)> Served => served.ToArray();

    /// <param name="instances">Destination id in proxy.json → the address of the instance under test.</param>
    public static async Task<ProxyHost> StartAsync(IReadOnlyDictionary<string, Uri> instances)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        // As in docs/deploy/yarp/Program.cs, then only the addresses replaced.
        builder.Configuration.AddJsonFile(ConfigPath, optional: false, reloadOnChange: false);
        var documented = builder.Configuration.GetSection("ReverseProxy:Clusters:dashboard:Destinations").GetChildren().Select(d => d.Key).ToHashSet();
        if (!documented.SetEquals(instances.Keys))
        {
            throw new InvalidOperationException($"proxy.json names the destinations {string.Join(", ", documented)}, not {string.Join(", ", instances.Keys)}.");
        }
        builder.Configuration.AddInMemoryCollection(instances.Select(i =>
            new KeyValuePair<string, string?>($"ReverseProxy:Clusters:dashboard:Destinations:{i.Key}:Address", i.Value.ToString())));
        builder.Services.AddReverseProxy().LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"));
        var proxy = new ProxyHost(builder.Build());
        proxy.app.Use(async (context, next) =>
        {
            await next(context);
            if (context.Features.Get<IReverseProxyFeature>()?.ProxiedDestination is { } destination)
            {
                proxy.served.Enqueue((context.Request.Path.Value ?? "", destination.DestinationId));
            }
        });
        proxy.app.MapReverseProxy();
        await proxy.app.StartAsync();
        proxy.Address = new Uri(proxy.app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
        return proxy;
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
