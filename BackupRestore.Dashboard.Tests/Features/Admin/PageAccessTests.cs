using System.Reflection;
using BackupRestore.Dashboard.Components.Layout;
using BackupRestore.Dashboard.Features.Admin;
using BackupRestore.Dashboard.Features.Audit;
using BackupRestore.Dashboard.Features.Auth;
using BackupRestore.Dashboard.Features.Notifications;
using BackupRestore.Dashboard.Tests.Infrastructure;
using Bunit;
using Microsoft.AspNetCore.Authorization;

namespace BackupRestore.Dashboard.Tests.Features.Admin;

/// <summary>Who sees which of these pages: the navigation per role, and the policy each page demands of the server.</summary>
public sealed class PageAccessTests : DashboardTestContext
{
    public static TheoryData<string, string[]> Links => new()
    {
        { Roles.Viewer, [] },
        { Roles.Operator, ["/audit", "/notifications"] },
        { Roles.Admin, ["/audit", "/notifications", "/admin/users", "/admin/tokens"] },
    };

    [Theory]
    [MemberData(nameof(Links))]
    public void The_navigation_offers_each_role_its_pages_and_no_others(string role, string[] expected)
    {
        var menu = RenderFor<NavMenu>(new DashboardUser("someone", role, IsWall: false));

        var shown = menu.FindAll("a[href]").Select(a => a.GetAttribute("href")!)
            .Where(href => href is "/audit" or "/notifications" || href.StartsWith("/admin", StringComparison.Ordinal));
        Assert.Equal(expected, shown);
    }

    [Theory]
    [InlineData(typeof(AuditPage), Policies.Operate)]
    [InlineData(typeof(NotificationsPage), Policies.Operate)]
    [InlineData(typeof(UsersPage), Policies.Administer)]
    [InlineData(typeof(TokensPage), Policies.Administer)]
    public void Each_page_demands_its_policy_of_the_server(Type page, string policy) =>
        // Every attribute must hold: the console's default (from _Imports) and the page's own policy.
        Assert.Contains(policy, page.GetCustomAttributes<AuthorizeAttribute>().Select(a => a.Policy));
}
