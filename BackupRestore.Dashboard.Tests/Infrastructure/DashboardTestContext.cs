using BackupRestore.Dashboard.Components;
using BackupRestore.Dashboard.Features.Actions;
using BackupRestore.Dashboard.Features.Auth;
using BackupRestore.Dashboard.Features.Live;
using BackupRestore.Dashboard.Features.Operations;
using BackupRestore.Dashboard.Features.Targets;
using BackupRestore.Dashboard.Vendors;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MudBlazor;
using MudBlazor.Services;

namespace BackupRestore.Dashboard.Tests.Infrastructure;

/// <summary>
/// The one bUnit context of the project: MudBlazor without transitions or the popover-provider check, loose JS
/// interop, a <see cref="FakeTimeProvider"/>, a store the test feeds directly, a fake action service that records
/// calls, and the app's own vendor registrations (cards ask connectors how to label actions).
/// </summary>
public class DashboardTestContext : BunitContext, IAsyncLifetime
{
    public static readonly DateTimeOffset Start = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    public DashboardTestContext()
    {
        DefaultWaitTimeout = TimeSpan.FromSeconds(10);
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices(o =>
        {
            o.PopoverOptions.CheckForPopoverProvider = false;
            o.SnackbarConfiguration.ShowTransitionDuration = 0;
            o.SnackbarConfiguration.HideTransitionDuration = 0;
        });
        var vendors = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        vendors.AddVendors();
        foreach (var service in vendors.Services)
        {
            Services.Add(service);
        }
        Services.AddSingleton<TimeProvider>(Time);
        Services.AddSingleton(Store);
        Services.AddSingleton<OperationViews>();
        Services.AddSingleton<LiveStats>();
        Services.AddSingleton<BackupRestore.Dashboard.Features.Diagnostics.RuntimeStats>();
        Services.AddSingleton<IOperationActions>(Actions);
        Services.AddSingleton(new TargetCatalog(Options.Create(new DashboardTargetsOptions())));
        // Lists follow the store at once here; the window itself is tested on LiveFeed.
        Services.AddSingleton(Options.Create(new LiveOptions { SummaryWindow = TimeSpan.Zero }));
        Services.AddScoped<CircuitSession>();
        Services.AddScoped<ActionExecutor>();
        Services.AddScoped<BackupRestore.Dashboard.Components.Shared.LiveClock>();
        AddAuthorization().SetAuthorized("tester");
    }

    public FakeTimeProvider Time { get; } = new(Start);

    /// <summary>The app's in-memory store; a test writes snapshots into it as a poller would.</summary>
    public OperationStore Store => store ??= new OperationStore(Time, Options.Create(new OperationsOptions()));

    public FakeOperationActions Actions { get; } = new();

    private OperationStore? store;

    public static DashboardUser Operator { get; } = new("olivia", Roles.Operator, IsWall: false);

    public static DashboardUser Viewer { get; } = new("victor", Roles.Viewer, IsWall: false);

    /// <summary>Renders <typeparamref name="TComponent"/> for <paramref name="user"/> (the layout cascades the user).</summary>
    public IRenderedComponent<TComponent> RenderFor<TComponent>(DashboardUser user, Action<ComponentParameterCollectionBuilder<TComponent>>? parameters = null)
        where TComponent : IComponent => Render<TComponent>(p =>
        {
            p.AddCascadingValue(user);
            parameters?.Invoke(p);
        });

    /// <summary>The providers MudBlazor's dialogs and menus render into; render once before opening one.</summary>
    public IRenderedComponent<MudDialogProvider> RenderDialogs() => Render<MudDialogProvider>();

    public virtual Task InitializeAsync() => Task.CompletedTask;

    /// <summary>MudBlazor's services only dispose asynchronously: xunit gets the asynchronous disposal first.</summary>
    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    /// <summary>Puts <paramref name="operations"/> into the store as their target's poll result.</summary>
    public StoreChanges Poll(string target, params Operation[] operations) => Store.Apply(target, operations);
}
