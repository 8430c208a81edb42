using BackupRestore.Dashboard.Components.Layout;
using BackupRestore.Dashboard.Tests.Infrastructure;
using Bunit;

namespace BackupRestore.Dashboard.Tests.Components.Layout;

/// <summary>The theme switch: its menu opens on click, marks the mode in use, and closes with the choice made.</summary>
public sealed class ThemeSwitchTests : DashboardTestContext
{
    [Fact]
    public void Choosing_dark_reports_it_and_closes_the_menu()
    {
        var chosen = new List<ThemeMode>();
        var theme = Render<ThemeSwitch>(p => p.Add(s => s.Mode, ThemeMode.Light).Add(s => s.ModeChanged, (ThemeMode m) => chosen.Add(m)));
        Assert.Empty(theme.FindAll("[data-theme]"));

        theme.Find("button[aria-label=Theme]").Click();
        Assert.Equal("true", theme.Find("[data-theme=light]").GetAttribute("aria-checked"));
        theme.Find("[data-theme=dark]").Click();

        Assert.Equal([ThemeMode.Dark], chosen);
        Assert.Empty(theme.FindAll("[data-theme]"));
    }
}
