using System.Security.Cryptography;
using BackupRestore.Dashboard.Features.Targets;
using BackupRestore.Simulator;
using Microsoft.Extensions.Options;

namespace BackupRestore.Dashboard.Features.Demo;

/// <summary>
/// With no targets configured, starts the simulator in this process on a loopback port and watches its demo
/// fleet. The clients reach it over real HTTP, exactly as they reach a real manager.
/// </summary>
internal sealed partial class DemoFleet(
    TargetCatalog catalog,
    IOptions<DemoOptions> options,
    TimeProvider time,
    IConfiguration configuration,
    ILogger<DemoFleet> logger) : IHostedService, IAsyncDisposable
{
    public RunningSimulator? Simulator { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Any Targets section means real targets were meant: never fall back to simulated ones, even if none bound.
        if (!catalog.IsEmpty || !options.Value.Enabled || configuration.GetSection("Targets").GetChildren().Any())
        {
            return;
        }
        // A fresh random password per run: the demo's credentials exist only in this process.
        var password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18));
        Simulator = await SimulatorApp.StartAsync(new SimulatorSettings
        {
            Seed = options.Value.Seed,
            Preset = FleetPresets.Demo,
            Credentials = new SimCredentials("admin", password),
            Time = time,
            Control = options.Value.SimulatorControl,
        }, cancellationToken);
        var sim = Simulator;
        catalog.UseDemoTargets(sim.Fleet.Targets.Select(t =>
        {
            var target = SimulatedTarget(sim, t, password, options.Value.PollInterval);
            // The demo's loops start new operations all the time: finished ones leave after minutes, not days.
            target.Retention = options.Value.Retention;
            return target;
        }).ToList());
        LogDemo(logger, catalog.All.Count, sim.Address);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Dashboard configuration for one simulated target, as an operator would write it for a real one.</summary>
    public static TargetOptions SimulatedTarget(RunningSimulator sim, SimTarget target, string password, TimeSpan pollInterval) => new()
    {
        Name = target.Name,
        System = target.System,
        BaseUrl = sim.BaseUrlOf(target.System, target.Name).ToString(),
        UserName = sim.Fleet.Credentials.UserName,
        Password = password,
        PollInterval = pollInterval,
        IamUrl = target.System is "geminidb" or "cse" or "cbr" ? sim.IamUrl.ToString() : null,
        ProjectId = BackupRestore.Simulator.Huawei.SimIam.ProjectId,
        ProjectName = BackupRestore.Simulator.Huawei.SimIam.ProjectName,
        DomainName = BackupRestore.Simulator.Huawei.SimIam.DomainName,
        EngineId = target.Hints.GetValueOrDefault("EngineId"),
        VaultId = target.Hints.GetValueOrDefault("VaultId"),
    };

    public async ValueTask DisposeAsync()
    {
        if (Simulator is not null)
        {
            await Simulator.DisposeAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "No targets configured: watching the demo fleet ({Count} targets) on the built-in simulator at {Address}. Configure Targets:N:* to watch real systems.")]
    private static partial void LogDemo(ILogger logger, int count, Uri address);
}
