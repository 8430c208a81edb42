using System.Globalization;
using System.Runtime.ExceptionServices;
using BackupRestore.Dashboard.Features.Auth;
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
using Microsoft.Extensions.Logging;

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
    private readonly Action<IServiceCollection>? services;

    public const string AdminPassword = "Admin-Test-Passw0rd!";

    private DashboardApp(IReadOnlyList<TargetOptions> targets, TimeProvider? time, IReadOnlyDictionary<string, string?>? settings, Action<IServiceCollection>? services)
    {
        this.targets = targets;
        this.time = time;
        this.services = services;
        this.settings = settings ?? new Dictionary<string, string?>();
        DataFolder = this.settings.GetValueOrDefault("Data:Folder") ?? Path.Combine(Path.GetTempPath(), "brd-tests", Guid.NewGuid().ToString("n"));
        UseKestrel(0);
    }

    public Uri Address { get; private set; } = default!;

    /// <summary>This app's own SQLite file and keys (deleted with the app unless a test passed its own folder).</summary>
    public string DataFolder { get; }

    /// <summary>Every log line the app wrote (the secret check reads them).</summary>
    public LogCapture Logs { get; } = new();

    /// <summary>Starts the dashboard watching <paramref name="targets"/> (demo off), on a real port.</summary>
    /// <param name="services">Test services on top of the app's (e.g. an in-memory trace exporter).</param>
    public static DashboardApp Start(IEnumerable<TargetOptions> targets, TimeProvider? time = null, IReadOnlyDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null)
    {
        var app = new DashboardApp(targets.ToList(), time, settings, services);
        try
        {
            app.StartServer();
        }
        catch (ObjectDisposedException) when (app.Logs.StartFailure is { } failure)
        {
            // The app's Main ran its host, which failed to start and was disposed before WebApplicationFactory's
            // deferred host asked it for a service: a race in the factory. The failure the host logged is the answer.
            ExceptionDispatchInfo.Throw(failure);
        }
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        app.Address = new Uri(addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        return app;
    }

    /// <summary>Starts the dashboard as a new user would: no targets, the built-in demo fleet.</summary>
    public static DashboardApp StartDemo(TimeProvider? time = null) =>
        Start([], time, new Dictionary<string, string?> { ["Demo:PollInterval"] = "00:00:00.2" });

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>Waits until the pollers have seen an operation (a snapshot of it was pushed), optionally in a given shape.</summary>
    public async Task WaitForOperationAsync(string id, Func<BackupRestore.Dashboard.Features.Operations.Operation, bool>? match = null)
    {
        await using var listener = await ListenAsync();
        await listener.WaitForAsync(f => f.Id == id && (match?.Invoke(f) ?? true));
    }

    /// <summary>A .NET hub client signed in with a fresh viewer token.</summary>
    public async Task<HubListener> ListenAsync() => await HubListener.ConnectAsync(Address, await TokenAsync(Roles.Viewer));

    /// <summary>A new API token with <paramref name="role"/>, made the way an admin makes one.</summary>
    public async Task<string> TokenAsync(string role, DateTimeOffset? expiresAt = null) =>
        (await Get<TokenStore>().CreateAsync($"test-{role}-{Guid.NewGuid():n}"[..30], role, expiresAt, "tests", default)).Token;

    /// <summary>An HTTP client for the JSON API, authenticated with a token of <paramref name="role"/>.</summary>
    public async Task<HttpClient> ApiClientAsync(string role = Roles.Operator)
    {
        var client = CreateHttpClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", await TokenAsync(role));
        return client;
    }

    /// <summary>Adds a user with <paramref name="role"/>; returns its password.</summary>
    public async Task<(string UserName, string Password)> UserAsync(string role)
    {
        var name = $"{role}-{Guid.NewGuid():n}"[..20];
        var password = $"Pw-{Guid.NewGuid():n}";
        await Get<UserStore>().CreateAsync(name, password, role, default);
        return (name, password);
    }

    /// <summary>What live components rendered (operation rows and cards, lists and counts).</summary>
    public LiveStats Renders => Get<LiveStats>();

    public BackupRestore.Simulator.RunningSimulator? DemoSimulator => Get<DemoFleet>().Simulator;

    public HttpClient CreateHttpClient(bool followRedirects = true) => new(new HttpClientHandler { AllowAutoRedirect = followRedirects, UseCookies = true })
    {
        BaseAddress = Address,
    };

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (!settings.ContainsKey("Data:Folder"))
        {
            DashboardAppCleanup.DeleteFolder(DataFolder);
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Data:Folder", DataFolder);
        builder.UseSetting("Auth:BootstrapAdmin:Password", AdminPassword);
        // Retry delays run on the app's clock; a test clock would hold them forever.
        builder.UseSetting("Resilience:RetryDelay", "00:00:00");
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
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
                ["Tls:CertificateThumbprint"] = t.Tls.CertificateThumbprint, ["Tls:CaCertificate"] = t.Tls.CaCertificate,
                ["Tls:AllowUntrusted"] = t.Tls.AllowUntrusted ? "true" : null,
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
        if (services is not null)
        {
            builder.ConfigureTestServices(services);
        }
    }
}

/// <summary>Deletes the app's data folder with the app (the SQLite file is closed by then).</summary>
public static class DashboardAppCleanup
{
    public static void DeleteFolder(string folder)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
