using MudBlazor;

namespace BackupRestore.Dashboard.Components.Layout;

/// <summary>The product's MudBlazor theme: dense, calm colours; state colours stay MudBlazor's semantic ones.</summary>
public static class DashboardTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1e5aa8",
            Secondary = "#6b5ea8",
            AppbarBackground = "#17324d",
            Background = "#f4f6f9",
            DrawerBackground = "#ffffff",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#7fb0f0",
            Secondary = "#b3a6ee",
            AppbarBackground = "#121a24",
            Background = "#0f141a",
            Surface = "#18202a",
            DrawerBackground = "#141b23",
        },
        LayoutProperties = new LayoutProperties { DrawerWidthLeft = "220px", AppbarHeight = "56px" },
    };
}

/// <summary>Light, dark, or whatever the operating system says; remembered per browser.</summary>
public enum ThemeMode
{
    System,
    Light,
    Dark,
}
