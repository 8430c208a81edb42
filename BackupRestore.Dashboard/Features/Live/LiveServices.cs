using BackupRestore.Dashboard.Features.Actions;
using BackupRestore.Dashboard.Features.Operations;
using BackupRestore.Dashboard.Features.Polling;

namespace BackupRestore.Dashboard.Features.Live;

internal static class LiveServices
{
    /// <summary>Store, pollers, rendering, push and actions: the path from a backend change to every browser.</summary>
    public static IHostApplicationBuilder AddLiveOperations(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<OperationStore>();
        services.AddSingleton<FragmentRenderer>();
        services.AddSingleton<LiveUpdates>();
        services.AddSingleton<TargetPollers>();
        services.AddHostedService<PollingService>();
        services.AddSingleton<ActionService>();
        services.AddSingleton<ActionDeduplicator>();
        services.AddSingleton<ActionOutcomes>();
        services.AddSignalR();
        return builder;
    }
}
