using System.Collections.Concurrent;
using Microsoft.AspNetCore.Components;

namespace BackupRestore.Dashboard.Components.Shared;

/// <summary>
/// MudIcon's markup (an SVG of a Material icon from MudBlazor's constants) without a MudIcon component: parts that
/// every circuit shows (navigation, app bar, chips, rows) would otherwise keep a component, and its two render trees,
/// per icon. One markup frame whose string is built once per icon and size and shared by every circuit.
/// </summary>
public static class IconMarkup
{
    private static readonly ConcurrentDictionary<(string Icon, string Size, string? Extra), MarkupString> Built = new();

    /// <param name="icon">One of MudBlazor's icon constants (the cache is keyed by it, so it stays small).</param>
    public static RenderFragment Of(string icon, string size = "medium", string? extraClass = null)
    {
        var markup = Built.GetOrAdd((icon, size, extraClass), static key => new MarkupString(
            $"""<svg class="mud-icon-root mud-svg-icon mud-icon-size-{key.Size}{(key.Extra is null ? "" : " " + key.Extra)}" viewBox="0 0 24 24" aria-hidden="true">{key.Icon}</svg>"""));
        return builder => builder.AddContent(0, markup);
    }
}
