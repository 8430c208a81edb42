using System.Net;
using BackupRestore.Simulator.Cbr;
using BackupRestore.Simulator.Control;
using BackupRestore.Simulator.Cse;
using BackupRestore.Simulator.GeminiDb;
using BackupRestore.Simulator.Huawei;
using BackupRestore.Simulator.Nsx;
using BackupRestore.Simulator.Vcenter;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace BackupRestore.Simulator;

/// <summary>How the simulator is started: standalone, inside the dashboard's demo, or by a test.</summary>
public sealed record SimulatorSettings
{
    public int Seed { get; init; } = 42;

    public string Preset { get; init; } = FleetPresets.Demo;

    public required SimCredentials Credentials { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Loopback port; 0 picks a free one.</summary>
    public int Port { get; init; }

    public IPAddress Address { get; init; } = IPAddress.Loopback;

    /// <summary>Targets of the "bench" preset.</summary>
    public int Count { get; init; }

    public LogLevel MinimumLogLevel { get; init; } = LogLevel.Warning;

    /// <summary>Map the <c>/_sim</c> control endpoints (tests and the standalone simulator); the dashboard's demo turns them off.</summary>
    public bool Control { get; init; } = true;

    /// <summary>Serve HTTPS with this certificate (e.g. <see cref="SimCertificate.CreateSelfSigned"/>) instead of HTTP.</summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2? Certificate { get; init; }

    /// <summary>Serve only documented calls; inferred ones answer 404/400 as a real gateway would.</summary>
    public bool DocumentedOnly { get; init; }
}

/// <summary>A started simulator: its fleet (to steer it in-process) and the address the vendor APIs answer on.</summary>
public sealed class RunningSimulator(WebApplication app, SimFleet fleet, Uri address) : IAsyncDisposable
{
    public SimFleet Fleet { get; } = fleet;

    public Uri Address { get; } = address;

    /// <summary>The certificate served over HTTPS, or null on plain HTTP.</summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2? Certificate { get; init; }

    /// <summary>The base URL a client uses for one target, e.g. http://127.0.0.1:5080/nsx/nsx-east-01.</summary>
    public Uri BaseUrlOf(string system, string name) => new(Address, $"/{system}/{name}");

    /// <summary>The Huawei IAM endpoint every simulated Huawei target shares.</summary>
    public Uri IamUrl => new(Address, "/iam");

    public Task WaitForShutdownAsync() => app.WaitForShutdownAsync();

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}

public static class SimulatorApp
{
    public static async Task<RunningSimulator> StartAsync(SimulatorSettings settings, CancellationToken cancellationToken = default)
    {
        var fleet = new SimFleet(settings.Time, settings.Seed, settings.Credentials) { DocumentedOnly = settings.DocumentedOnly };
        FleetPresets.Apply(fleet, settings.Preset, settings.Count);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(SimulatorApp).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            Args = [],
        });
        builder.Logging.SetMinimumLevel(settings.MinimumLogLevel);
        // Listen only where asked, whatever ASPNETCORE_URLS the host process carries.
        builder.WebHost.UseSetting(WebHostDefaults.ServerUrlsKey, "");
        var connections = new ConnectionCounter();
        builder.WebHost.UseKestrel(k => k.Listen(settings.Address, settings.Port, listen => listen.UseHttpsIfGiven(settings.Certificate).Use(next => context =>
        {
            // Counted so that the benchmark can tell whether the dashboard reuses its connections.
            connections.Opened();
            return next(context);
        })));
        builder.Services.AddSingleton(connections);
        builder.Services.AddSingleton(fleet);
        builder.Services.AddSingleton(settings.Time);

        var app = builder.Build();
        app.UseMiddleware<SimTargetMiddleware>();
        app.MapNsx();
        app.MapVcenter();
        app.MapIam();
        app.MapGeminiDb();
        app.MapCse();
        app.MapCbr();
        if (settings.Control)
        {
            app.MapControl();
        }
        app.MapGet("/_sim/stats", (ConnectionCounter c) => Results.Ok(new { connectionsOpened = c.Count }));
        app.MapGet("/", (SimFleet f) => Results.Ok(new { simulator = "BackupRestore.Simulator", targets = f.Targets.Select(t => t.PathBase) }));

        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new RunningSimulator(app, fleet, new Uri(address.Replace("[::]", "localhost", StringComparison.Ordinal))) { Certificate = settings.Certificate };
    }

    private static Microsoft.AspNetCore.Server.Kestrel.Core.ListenOptions UseHttpsIfGiven(
        this Microsoft.AspNetCore.Server.Kestrel.Core.ListenOptions listen, System.Security.Cryptography.X509Certificates.X509Certificate2? certificate) =>
        certificate is null ? listen : listen.UseHttps(certificate);
}

/// <summary>How many TCP connections the simulator has accepted since it started.</summary>
public sealed class ConnectionCounter
{
    private long count;

    public long Count => Interlocked.Read(ref count);

    public void Opened() => Interlocked.Increment(ref count);
}
