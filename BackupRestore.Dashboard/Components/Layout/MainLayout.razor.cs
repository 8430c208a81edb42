using BackupRestore.Dashboard.Features.Auth;
using BackupRestore.Dashboard.Features.Targets;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.JSInterop;
using MudBlazor;

namespace BackupRestore.Dashboard.Components.Layout;

public sealed partial class MainLayout : IDisposable
{
    private const string ThemeKey = "brd.theme";
    private MudThemeProvider? themeProvider;
    private DashboardUser user = DashboardUser.Anonymous;
    private ThemeMode mode = ThemeMode.System;
    private bool dark;
    private bool drawerOpen = true;
    private bool watching;

    [Inject] private TargetCatalog Catalog { get; set; } = default!;

    [Inject] private IJSRuntime JS { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    protected override async Task OnInitializedAsync() => user = DashboardUser.From((await AuthenticationState).User);

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender || themeProvider is null)
        {
            return;
        }
        // The browser remembers the choice (localStorage, through the framework's interop: no script of ours).
        var stored = await JS.InvokeAsync<string?>("localStorage.getItem", ThemeKey);
        mode = Enum.TryParse<ThemeMode>(stored, out var saved) ? saved : ThemeMode.System;
        await ApplyAsync();
    }

    private async Task SetModeAsync(ThemeMode chosen)
    {
        mode = chosen;
        await JS.InvokeVoidAsync("localStorage.setItem", ThemeKey, chosen.ToString());
        await ApplyAsync();
    }

    private async Task ApplyAsync()
    {
        if (mode == ThemeMode.System && themeProvider is not null)
        {
            dark = await themeProvider.GetSystemDarkModeAsync();
            if (!watching)
            {
                watching = true;
                await themeProvider.WatchSystemDarkModeAsync(SystemChangedAsync);
            }
        }
        else
        {
            dark = mode == ThemeMode.Dark;
        }
        StateHasChanged();
    }

    private Task SystemChangedAsync(bool systemDark)
    {
        if (mode == ThemeMode.System)
        {
            dark = systemDark;
            StateHasChanged();
        }
        return Task.CompletedTask;
    }

    public void Dispose() => themeProvider = null;
}
