using System.Globalization;
using BackupRestore.Dashboard.Features.Demo;
using BackupRestore.Dashboard.Features.Live;
using BackupRestore.Dashboard.Features.Targets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BackupRestore.Dashboard.Tests.Infrastructure;

/// <summary>
/// The dashboard on Kestrel on a loopback port, watching the targets a test gives it (or the demo fleet), with
/// an optional test clock. One factory for every integration and browser test.
/// </summary>
public sealed class DashboardApp : WebApplicationFactory<Program>
{
    private readonly IReadOnlyList<TargetOptions> targets;
    private readonly TimeProvider? time;
    private readonly IReadOnlyDictionary<string, string?> settings;

    private DashboardApp(IReadOnlyList<TargetOptions> targets, TimeProvider? time, IReadOnlyDictionary<string, string?>? settings)
    {
        this.targets = targets;
        this.time = time;
        this.settings = settings ?? new Dictionary<string, string?>();
        UseKestrel(0);
    }

    public Uri Address { get; private set; } = default!;

    /// <summary>Starts the dashboard watching <paramref name="targets"/> (demo off), on a real port.</summary>
    public static DashboardApp Start(IEnumerable<TargetOptions> targets, TimeProvider? time = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var app = new DashboardApp(targets.ToList(), time, settings);
        app.StartServer();
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        app.Address = new Uri(addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        return app;
    }

    /// <summary>Starts the dashboard as a new user would: no targets, the built-in demo fleet.</summary>
    public static DashboardApp StartDemo(TimeProvider? time = null) =>
        Start([], time, new Dictionary<string, string?> { ["Demo:PollInterval"] = "00:00:00.2" });

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>Waits until the pollers have seen an operation (its first card was rendered and pushed).</summary>
    public async Task WaitForOperationAsync(string id, Func<OperationFragment, bool>? match = null)
    {
        await using var listener = await HubListener.ConnectAsync(Address);
        await listener.WaitForAsync(f => f.Id == id && (match?.Invoke(f) ?? true));
    }

    public RendererCounter Renders => new(Get<FragmentRenderer>());

    public BackupRestore.Simulator.RunningSimulator? DemoSimulator => Get<DemoFleet>().Simulator;

    public HttpClient CreateHttpClient(bool followRedirects = true) => new(new HttpClientHandler { AllowAutoRedirect = followRedirects, UseCookies = true })
    {
        BaseAddress = Address,
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Demo:Enabled", targets.Count == 0 ? "true" : "false");
        for (var i = 0; i < targets.Count; i++)
        {
            var t = targets[i];
            builder.UseSetting($"Targets:{i}:Name", t.Name);
            builder.UseSetting($"Targets:{i}:System", t.System);
            builder.UseSetting($"Targets:{i}:BaseUrl", t.BaseUrl);
            builder.UseSetting($"Targets:{i}:UserName", t.UserName);
            builder.UseSetting($"Targets:{i}:Password", t.Password);
            builder.UseSetting($"Targets:{i}:PollInterval", t.PollInterval.ToString("c", CultureInfo.InvariantCulture));
            builder.UseSetting($"Targets:{i}:RequestTimeout", t.RequestTimeout.ToString("c", CultureInfo.InvariantCulture));
            var optional = new Dictionary<string, string?>
            {
                ["Auth"] = t.Auth, ["IamUrl"] = t.IamUrl, ["ProjectId"] = t.ProjectId, ["ProjectName"] = t.ProjectName, ["DomainName"] = t.DomainName,
                ["InstanceId"] = t.InstanceId, ["EngineId"] = t.EngineId, ["EnterpriseProjectId"] = t.EnterpriseProjectId, ["VaultId"] = t.VaultId,
            };
            foreach (var (key, value) in optional.Where(o => o.Value is not null))
            {
                builder.UseSetting($"Targets:{i}:{key}", value);
            }
        }
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
        if (time is not null)
        {
            builder.ConfigureTestServices(services => services.Replace(ServiceDescriptor.Singleton(time)));
        }
    }
}

/// <summary>Reads how many fragments the app rendered.</summary>
public sealed class RendererCounter(FragmentRenderer renderer)
{
    public long Count => renderer.RenderCount;
}
