using System.Text.RegularExpressions;
using BackupRestore.Dashboard.Vendors;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace BackupRestore.Dashboard.Features.Targets;

/// <summary>
/// Reads <see cref="ITargetActions.OfferedAsync"/> and hands it to the system's form; the page asks for a new read
/// when the target's operations change (an action's own re-poll included). A link to a form's anchor
/// (<c>/targets/vc#restore-form</c>) scrolls to it once the form is there, which is after this read.
/// </summary>
public sealed partial class TargetActionsPanel : ComponentBase, IDisposable
{
    private readonly CancellationTokenSource stop = new();
    private IReadOnlyList<string>? offered;
    private string? error;
    private int loadedFor = -1;
    private bool scrolled;

    [Inject] private VendorRegistry Vendors { get; set; } = default!;

    [Inject] private NavigationManager Navigation { get; set; } = default!;

    [Inject] private IScrollManager Scroll { get; set; } = default!;

    [Parameter, EditorRequired] public TargetOptions Target { get; set; } = default!;

    /// <summary>Changes when the page wants the backend read again.</summary>
    [Parameter] public int Refresh { get; set; }

    private ITargetActions? Actions => Vendors.Get(Target.System) as ITargetActions;

    private Type? Form => Actions?.TargetActionForm;

    protected override async Task OnParametersSetAsync()
    {
        if (loadedFor != Refresh)
        {
            loadedFor = Refresh;
            await LoadAsync();
        }
    }

    private async Task LoadAsync()
    {
        if (Actions is not { } actions)
        {
            return;
        }
        try
        {
            offered = await actions.OfferedAsync(Target, stop.Token);
            error = null;
        }
        catch (Exception e) when (!stop.IsCancellationRequested)
        {
            error = Polling.TargetPoller.Describe(e);
        }
        catch (OperationCanceledException)
        {
            // The page went away.
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!scrolled && offered is not null && Form is not null && Fragment() is { } anchor)
        {
            scrolled = true;
            await Scroll.ScrollIntoViewAsync("#" + anchor, ScrollBehavior.Smooth);
        }
    }

    /// <summary>The URL's fragment when it is a plain element id (it becomes a CSS selector).</summary>
    private string? Fragment()
    {
        var fragment = new Uri(Navigation.Uri).Fragment.TrimStart('#');
        return AnchorPattern().IsMatch(fragment) ? fragment : null;
    }

    public void Dispose()
    {
        stop.Cancel();
        stop.Dispose();
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]{0,63}$")]
    private static partial Regex AnchorPattern();
}
