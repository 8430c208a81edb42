using BackupRestore.Dashboard.Features.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;

namespace BackupRestore.Dashboard.Features.Wall;

/// <summary>
/// The wall's route. A class, not a .razor file: every .razor component carries the console's [Authorize] from
/// _Imports.razor (walls refused), and the authorize data of a page combine, so the wall's own policy (any signed-in
/// user, and a wall's cookie) must be the only one on its route, for its HTTP request and inside its circuit alike.
/// </summary>
[Route("/wall")]
[Layout(typeof(WallLayout))]
[Authorize(Policy = Policies.Wall)]
public sealed class WallRoute : ComponentBase
{
    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        builder.OpenComponent<WallPage>(0);
        builder.CloseComponent();
    }
}
