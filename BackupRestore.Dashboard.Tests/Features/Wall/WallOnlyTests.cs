using System.Security.Claims;
using BackupRestore.Dashboard.Features.Operations;
using BackupRestore.Dashboard.Features.Wall;
using BackupRestore.Dashboard.Tests.Infrastructure;
using Bunit;
using Microsoft.AspNetCore.Components;

namespace BackupRestore.Dashboard.Tests.Features.Wall;

/// <summary>Inside a circuit, a wall's principal renders the wall page and no other (the router needs no HTTP request to navigate).</summary>
public sealed class WallOnlyTests : DashboardTestContext
{
    public static TheoryData<bool, Type, bool> Cases => new()
    {
        { true, typeof(WallPage), true },
        { true, typeof(OperationsPage), false },
        { true, typeof(OperationDetailPage), false },
        { false, typeof(OperationsPage), true },
        { false, typeof(WallPage), true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_wall_sees_the_wall_page_only(bool wall, Type page, bool rendered)
    {
        if (wall)
        {
            AddAuthorization().SetAuthorized("wall:lobby").SetClaims(new Claim("kind", WallAccess.Kind));
        }

        var boundary = Render<WallOnly>(p => p
            .Add(w => w.PageType, page)
            .Add(w => w.ChildContent, (RenderFragment)(b => b.AddMarkupContent(0, "<p id=\"page\">page</p>"))));

        Assert.Equal(rendered, boundary.FindAll("#page").Count == 1);
        Assert.Equal(!rendered, boundary.FindAll("#wall-only").Count == 1);
    }
}
