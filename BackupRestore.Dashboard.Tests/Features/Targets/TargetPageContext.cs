using AngleSharp.Dom;
using BackupRestore.Dashboard.Features.Targets;
using BackupRestore.Dashboard.Tests.Infrastructure;
using BackupRestore.Dashboard.Vendors;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor;

namespace BackupRestore.Dashboard.Tests.Features.Targets;

/// <summary>
/// The bUnit context for the target page and its vendor forms: the simulator's targets in the catalog, a health
/// board, a clock that says when a live feed waits, and helpers to pick from MudBlazor selects as a user does.
/// </summary>
public abstract class TargetPageContext : DashboardTestContext
{
    protected TargetPageContext(TargetPageSimulator simulator)
    {
        Simulator = simulator;
        Services.AddSingleton<TimeProvider>(Clock);
        Services.AddSingleton(new TargetCatalog(Options.Create(new DashboardTargetsOptions { Targets = simulator.Targets.ToList() })));
        Services.AddSingleton<TargetHealthBoard>();
    }

    protected TargetPageSimulator Simulator { get; }

    protected SignallingClock Clock { get; } = new(Start);

    protected TargetOptions Target(string name) => Simulator.Target(name);

    /// <summary>The target's backups as the real connector lists them (ids are the simulator's random ones).</summary>
    protected async Task<IReadOnlyList<BackupItem>> BackupsAsync(string target)
    {
        var options = Target(target);
        var catalog = (IBackupCatalog)Services.GetRequiredService<VendorRegistry>().Get(options.System);
        return await catalog.ListBackupsAsync(options, BackupQuery.All, default);
    }

    /// <summary>Renders the providers a page's dialogs and selects open into.</summary>
    protected (IRenderedComponent<MudDialogProvider> Dialogs, IRenderedComponent<MudPopoverProvider> Popovers) RenderProviders() =>
        (RenderDialogs(), Render<MudPopoverProvider>());

    protected static IElement Dialog(IRenderedComponent<MudDialogProvider> dialogs) => dialogs.Find(".mud-dialog");

    protected static void Pick<T>(IRenderedComponent<T> scope, IRenderedComponent<MudPopoverProvider> popovers, string field, string value)
        where T : Microsoft.AspNetCore.Components.IComponent => FormInput.Pick(scope, popovers, field, value);

    protected static void Type<T>(IRenderedComponent<T> scope, string field, string text)
        where T : Microsoft.AspNetCore.Components.IComponent => FormInput.Type(scope, field, text);
}
