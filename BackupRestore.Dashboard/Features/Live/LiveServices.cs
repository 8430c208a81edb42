using BackupRestore.Dashboard.Features.Actions;
using BackupRestore.Dashboard.Features.Audit;
using BackupRestore.Dashboard.Features.Data;
using BackupRestore.Dashboard.Features.History;
using BackupRestore.Dashboard.Features.Operations;
using BackupRestore.Dashboard.Features.Polling;

namespace BackupRestore.Dashboard.Features.Live;

internal static class LiveServices
{
    /// <summary>Store, pollers, history, notifications, actions and the hub: the path from a backend change to every client.</summary>
    public static IHostApplicationBuilder AddLiveOperations(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddOptions<OperationsOptions>().Bind(builder.Configuration.GetSection("Operations"))
            .Validate(o => o.Retention > TimeSpan.Zero, "Operations:Retention must be a positive TimeSpan, e.g. 7.00:00:00.")
            .ValidateOnStart();
        services.AddOptions<DiagnosticsOptions>().Bind(builder.Configuration.GetSection("Diagnostics"));
        services.AddSingleton<OperationStore>();
        services.AddSingleton<OperationViews>();
        services.AddSingleton<LiveStats>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<IStartupRecovery>(sp => sp.GetRequiredService<AuditLog>());
        services.AddSingleton<HistoryRecorder>();
        services.AddSingleton<IStartupRecovery>(sp => sp.GetRequiredService<HistoryRecorder>());
        services.AddHostedService(sp => sp.GetRequiredService<HistoryRecorder>());
        services.AddSingleton<IChangeObserver>(sp => sp.GetRequiredService<HistoryRecorder>());
        services.AddOptions<Notifications.NotificationOptions>().Bind(builder.Configuration.GetSection("Notifications")).ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<Notifications.NotificationOptions>, Notifications.NotificationOptionsValidator>();
        services.AddHttpClient(Notifications.WebhookDispatcher.HttpClientName);
        services.AddSingleton<Notifications.WebhookDispatcher>();
        services.AddSingleton<Notifications.NotificationLog>();
        services.AddHostedService(sp => sp.GetRequiredService<Notifications.WebhookDispatcher>());
        services.AddSingleton<IChangeObserver>(sp => sp.GetRequiredService<Notifications.WebhookDispatcher>());
        services.AddSingleton<TargetPollers>();
        services.AddSingleton<PollingService>();
        services.AddHostedService(sp => sp.GetRequiredService<PollingService>());
        services.AddSingleton<ActionService>();
        services.AddSingleton<IOperationActions>(sp => sp.GetRequiredService<ActionService>());
        services.AddSingleton<ActionDeduplicator>();
        services.AddSingleton<ActionClaims>();
        services.AddOptions<ActionClaimOptions>().Bind(builder.Configuration.GetSection("Actions"))
            .Validate(o => o.ClaimDuration >= TimeSpan.FromSeconds(1) && o.MaxWait > TimeSpan.Zero && o.WaitPoll >= TimeSpan.FromMilliseconds(10),
                "Actions:ClaimDuration must be at least 00:00:01, Actions:MaxWait positive and Actions:WaitPoll at least 00:00:00.01.")
            .ValidateOnStart();
        services.AddSingleton<Diagnostics.RuntimeStats>();
        services.AddSingleton<HubConnections>();
        services.AddHostedService<HubPublisher>();
        services.AddHostedService<HubRevalidation>();
        services.AddSignalR();
        return builder;
    }
}
