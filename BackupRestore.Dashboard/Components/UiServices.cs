using BackupRestore.Dashboard.Features.Actions;
using MudBlazor;
using MudBlazor.Services;

namespace BackupRestore.Dashboard.Components;

/// <summary><c>Live:*</c>: how long a browser that vanished keeps its circuit (and its memory) for a reconnect.</summary>
public sealed class LiveOptions
{
    /// <summary>A reconnect within this time resumes the page as it was; later the page reloads by itself.</summary>
    public TimeSpan DisconnectedCircuitRetention { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>At most this many disconnected circuits are kept; the oldest goes first.</summary>
    public int MaxRetainedCircuits { get; set; } = 100;

    /// <summary>
    /// Lists and counts follow the store within this window (bursts become one render); a row or card follows its
    /// own operation at once.
    /// </summary>
    public TimeSpan SummaryWindow { get; set; } = TimeSpan.FromMilliseconds(250);
}

internal static class UiServices
{
    /// <summary>Interactive server components on MudBlazor, and what each circuit needs to act.</summary>
    public static IHostApplicationBuilder AddDashboardUi(this IHostApplicationBuilder builder)
    {
        var live = builder.Configuration.GetSection("Live").Get<LiveOptions>() ?? new LiveOptions();
        if (live.DisconnectedCircuitRetention < TimeSpan.Zero || live.DisconnectedCircuitRetention > TimeSpan.FromHours(1))
        {
            throw new InvalidOperationException($"Live:DisconnectedCircuitRetention '{live.DisconnectedCircuitRetention}' must be between 00:00:00 and 01:00:00.");
        }
        if (live.SummaryWindow < TimeSpan.Zero || live.SummaryWindow > TimeSpan.FromSeconds(5))
        {
            throw new InvalidOperationException($"Live:SummaryWindow '{live.SummaryWindow}' must be between 00:00:00 and 00:00:05.");
        }
        if (live.MaxRetainedCircuits is < 0 or > 100_000)
        {
            throw new InvalidOperationException($"Live:MaxRetainedCircuits '{live.MaxRetainedCircuits}' must be between 0 and 100000.");
        }
        builder.Services.AddOptions<LiveOptions>().Bind(builder.Configuration.GetSection("Live"));
        builder.Services.AddRazorComponents().AddInteractiveServerComponents(o =>
        {
            o.DisconnectedCircuitRetentionPeriod = live.DisconnectedCircuitRetention;
            o.DisconnectedCircuitMaxRetained = live.MaxRetainedCircuits;
            o.DetailedErrors = builder.Environment.IsDevelopment();
        });
        builder.Services.AddMudServices(o =>
        {
            o.SnackbarConfiguration.PositionClass = Defaults.Classes.Position.BottomRight;
            o.SnackbarConfiguration.MaxDisplayedSnackbars = 5;
            o.SnackbarConfiguration.PreventDuplicates = false;
        });
        builder.Services.AddScoped<ActionExecutor>();
        builder.Services.AddScoped<Shared.LiveClock>();
        return builder;
    }
}
