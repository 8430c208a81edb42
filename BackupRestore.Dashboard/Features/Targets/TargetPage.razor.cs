using BackupRestore.Dashboard.Features.Auth;
using BackupRestore.Dashboard.Vendors;
using Microsoft.AspNetCore.Components;

namespace BackupRestore.Dashboard.Features.Targets;

/// <summary>
/// Finds the target and lays out its panels. The filters of the backup list live in the URL (a link reopens the
/// same list); when the target's operations change state or membership, the panels that read the backend (what it
/// offers, its backups) read it again.
/// </summary>
public sealed partial class TargetPage : ComponentBase
{
    private TargetOptions? target;
    private int refresh;

    [Inject] private TargetCatalog Catalog { get; set; } = default!;

    [Inject] private VendorRegistry Vendors { get; set; } = default!;

    [CascadingParameter] private DashboardUser User { get; set; } = DashboardUser.Anonymous;

    [Parameter] public string Name { get; set; } = "";

    [SupplyParameterFromQuery(Name = "status")] public string? Status { get; set; }

    [SupplyParameterFromQuery(Name = "resource_type")] public string? ResourceType { get; set; }

    [SupplyParameterFromQuery(Name = "search")] public string? Search { get; set; }

    private IVendorConnector? Connector => target is null ? null : Vendors.Get(target.System);

    protected override void OnParametersSet() => target = Catalog.Find(Name);

    private void OnOperationsChanged() => refresh++;
}
