using BackupRestore.Dashboard.Features.Data;
using BackupRestore.Dashboard.Features.Polling;
using Microsoft.Extensions.Options;

namespace BackupRestore.Dashboard.Features.ScaleOut;

internal static class ScaleOutServices
{
    /// <summary>
    /// Who polls which target: every target locally (SQLite is one instance, guarded by <see cref="DataFolderLock"/>),
    /// or, with <c>ScaleOut:Enabled</c> on PostgreSQL, through leases shared with the other instances.
    /// </summary>
    public static IHostApplicationBuilder AddScaleOut(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<InstanceOptions>().Bind(builder.Configuration.GetSection("Instance"))
            .PostConfigure(o => o.Id = string.IsNullOrWhiteSpace(o.Id) ? InstanceOptions.DefaultId : o.Id.Trim())
            .Validate(o => o.IsValid, "Instance:Id must be 1 to 100 letters, digits, '.', '_', ':' or '-' (default: machine name and process id).")
            .ValidateOnStart();
        services.AddOptions<ScaleOutOptions>().Bind(builder.Configuration.GetSection("ScaleOut"))
            .Validate(o => o.RenewInterval >= TimeSpan.FromMilliseconds(100), "ScaleOut:RenewInterval must be at least 00:00:00.1.")
            .Validate(o => o.LeaseDuration >= o.RenewInterval * 3,
                "ScaleOut:LeaseDuration must be at least three times ScaleOut:RenewInterval (a lease survives two missed renewals).")
            .Validate(o => !o.Enabled || string.Equals(builder.Configuration["Database:Provider"], "postgres", StringComparison.OrdinalIgnoreCase),
                "ScaleOut:Enabled=true needs Database:Provider=postgres: several instances share their targets through PostgreSQL (SQLite serves one instance).")
            .Validate(o => o.ListenRetryInterval >= TimeSpan.FromMilliseconds(100), "ScaleOut:ListenRetryInterval must be at least 00:00:00.1.")
            .ValidateOnStart();
        services.AddSingleton<TargetLeases>();
        services.AddSingleton(sp => new ScaleOutMode(sp.GetRequiredService<IOptions<ScaleOutOptions>>().Value.Enabled
            && sp.GetRequiredService<DataLocation>().Provider == "postgres"));
        // Every instance live: the lease holder writes each change, every other instance listens and reads it.
        services.AddSingleton<LiveStateTables>();
        services.AddSingleton<PolledHere>();
        services.AddSingleton<LiveStateWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<LiveStateWriter>());
        services.AddSingleton<Operations.IChangeObserver>(sp => sp.GetRequiredService<LiveStateWriter>());
        services.AddSingleton<LiveStateListener>();
        services.AddHostedService(sp => sp.GetRequiredService<LiveStateListener>());
        services.AddSingleton<IPollingAssignment>(sp => sp.GetRequiredService<ScaleOutMode>().Enabled
            ? ActivatorUtilities.CreateInstance<LeasedPolling>(sp)
            : new LocalPolling());
        return builder;
    }

    public static string InstanceId(this IServiceProvider services) => services.GetRequiredService<IOptions<InstanceOptions>>().Value.Id;
}
