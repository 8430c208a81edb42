using BackupRestore.Dashboard.Components.Layout;
using BackupRestore.Dashboard.Features.Auth;
using BackupRestore.Dashboard.Tests.Infrastructure;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace BackupRestore.Dashboard.Tests.Components.Layout;

/// <summary>The navigation marks the page it is on, and follows the location as it changes.</summary>
public sealed class NavMenuTests : DashboardTestContext
{
    [Fact]
    public void The_current_page_is_marked_and_the_mark_follows_navigation()
    {
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo("/targets/nsx-01");
        var menu = RenderFor<NavMenu>(new DashboardUser("olga", Roles.Admin, IsWall: false));

        Assert.Equal(["/targets"], Current(menu));

        navigation.NavigateTo("/?state=failed");
        menu.WaitForAssertion(() => Assert.Equal(["/"], Current(menu)));

        navigation.NavigateTo("/admin/tokens");
        menu.WaitForAssertion(() => Assert.Equal(["/admin/tokens"], Current(menu)));
    }

    private static List<string> Current(IRenderedComponent<NavMenu> menu) =>
        menu.FindAll("a.mud-nav-link.active[aria-current=page]").Select(a => a.GetAttribute("href")!).ToList();
}
