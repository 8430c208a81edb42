using BackupRestore.Dashboard.Features.Demo;

namespace BackupRestore.Dashboard.Features.Targets;

internal static class TargetServices
{
    public static IHostApplicationBuilder AddTargets(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DashboardTargetsOptions>().Bind(builder.Configuration).ValidateOnStart();
        builder.Services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<DashboardTargetsOptions>, TargetOptionsValidator>();
        builder.Services.AddOptions<DemoOptions>().Bind(builder.Configuration.GetSection("Demo"))
            .Validate(d => d.PollInterval >= TimeSpan.FromMilliseconds(100), "Demo:PollInterval must be at least 00:00:00.1.")
            .ValidateOnStart();
        builder.Services.AddSingleton<TargetCatalog>();
        builder.Services.AddSingleton<TargetHealthBoard>();
        // Registered before the pollers: hosted services start in order, and the demo fills the catalog.
        builder.Services.AddSingleton<DemoFleet>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DemoFleet>());
        return builder;
    }
}
