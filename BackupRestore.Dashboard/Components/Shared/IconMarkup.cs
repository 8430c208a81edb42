using Microsoft.AspNetCore.Components;

namespace BackupRestore.Dashboard.Components.Shared;

/// <summary>
/// MudIcon's markup (an SVG of a Material icon from MudBlazor's constants) without a MudIcon component: parts that
/// every circuit shows (navigation, app bar, chips, rows) would otherwise keep a component, and its two render trees,
/// per icon.
/// </summary>
public static class IconMarkup
{
    public static RenderFragment Of(string icon, string size = "medium", string? extraClass = null) => builder =>
    {
        builder.OpenElement(0, "svg");
        builder.AddAttribute(1, "class", extraClass is null ? $"mud-icon-root mud-svg-icon mud-icon-size-{size}" : $"mud-icon-root mud-svg-icon mud-icon-size-{size} {extraClass}");
        builder.AddAttribute(2, "viewBox", "0 0 24 24");
        builder.AddAttribute(3, "aria-hidden", "true");
        builder.AddMarkupContent(4, icon);
        builder.CloseElement();
    };
}
