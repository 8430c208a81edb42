using BackupRestore.Dashboard.Components.Layout;
using BackupRestore.Dashboard.Tests.Infrastructure;
using Bunit;

namespace BackupRestore.Dashboard.Tests.Components.Layout;

/// <summary>The theme switch: its menu opens on click, marks the mode in use, and closes with the choice made, a click elsewhere or Escape.</summary>
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

    [Fact]
    public void A_click_outside_the_menu_closes_it_without_a_choice()
    {
        var chosen = new List<ThemeMode>();
        var theme = Render<ThemeSwitch>(p => p.Add(s => s.Mode, ThemeMode.System).Add(s => s.ModeChanged, (ThemeMode m) => chosen.Add(m)));
        theme.Find("button[aria-label=Theme]").Click();
        Assert.NotEmpty(theme.FindAll("[data-theme]"));

        theme.Find(".theme-menu-backdrop").Click();

        Assert.Empty(theme.FindAll("[data-theme]"));
        Assert.Equal("false", theme.Find("button[aria-label=Theme]").GetAttribute("aria-expanded"));
        Assert.Empty(chosen);
    }

    [Fact]
    public void Escape_closes_the_menu()
    {
        var theme = Render<ThemeSwitch>(p => p.Add(s => s.Mode, ThemeMode.Light));
        theme.Find("button[aria-label=Theme]").Click();

        theme.Find(".theme-switch").KeyDown(new Microsoft.AspNetCore.Components.Web.KeyboardEventArgs { Key = "Escape" });

        Assert.Empty(theme.FindAll("[data-theme]"));
        Assert.Empty(theme.FindAll(".theme-menu-backdrop"));
    }
}
