using BackupRestore.Dashboard.Features.Wall;
using BackupRestore.Dashboard.Tests.Infrastructure;
using Bunit;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using MudBlazor.Extensions;

namespace BackupRestore.Dashboard.Tests.Features.Wall;

/// <summary>The wall's own layout: always dark, no navigation, nothing to click; the root the reconnect banner looks for.</summary>
public sealed class WallLayoutTests : DashboardTestContext
{
    [Fact]
    public void The_wall_layout_is_dark_with_no_navigation_and_no_controls()
    {
        var layout = Render<WallLayout>(p => p.Add(l => l.Body, (RenderFragment)(b => b.AddMarkupContent(0, "<p id=\"body\">tiles</p>"))));

        Assert.True(layout.FindComponent<MudThemeProvider>().Instance.GetState(t => t.IsDarkMode));
        Assert.Equal("tiles", layout.Find(".wall-root #body").TextContent);
        Assert.Empty(layout.FindComponents<MudAppBar>());
        Assert.Empty(layout.FindComponents<MudDrawer>());
        Assert.Empty(layout.FindAll("nav, a, button, form, input"));
    }
}
