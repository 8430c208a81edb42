using BackupRestore.Dashboard;
using BackupRestore.Dashboard.Components;
using BackupRestore.Dashboard.Features.Admin;
using BackupRestore.Dashboard.Features.Audit;
using BackupRestore.Dashboard.Features.Auth;
using BackupRestore.Dashboard.Features.Data;
using BackupRestore.Dashboard.Features.Diagnostics;
using BackupRestore.Dashboard.Features.Hosting;
using BackupRestore.Dashboard.Features.Live;
using BackupRestore.Dashboard.Features.Notifications;
using BackupRestore.Dashboard.Features.Observability;
using BackupRestore.Dashboard.Features.Operations;
using BackupRestore.Dashboard.Features.ScaleOut;
using BackupRestore.Dashboard.Features.Targets;
using BackupRestore.Dashboard.Features.Wall;
using BackupRestore.Dashboard.Vendors;

if (args is [BackupCommand.Name, ..])
{
    return await BackupCommand.RunAsync(args[1..]);
}

var builder = WebApplication.CreateBuilder(ContentRoot.Options(args));
builder.WebHost.UseStaticWebAssets(); // a built (unpublished) app serves its assets in every environment

builder.AddHosting();
// Targets first: the demo fleet fills the catalog before the database's start-up recovery reads it.
builder.AddTargets();
builder.AddData();
builder.AddScaleOut();
builder.AddAuth();
builder.AddVendors();
builder.AddLiveOperations();
builder.AddDashboardUi();
builder.AddAdmin();
builder.AddObservability();
builder.Services.AddResponseCompression(o => o.EnableForHttps = true);
builder.Services.AddProblemDetails();

var app = builder.Build();

app.UseHosting();
if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler();
    app.UseHsts();
}
app.UseSecurityHeaders();
app.UseResponseCompression();
app.UseAuthentication();
app.UseWallTokenExchange();
app.UseAuthorization();
app.UseAntiforgery();

app.MapStaticAssets().AllowAnonymous();
// Our own policy already says frame-ancestors 'none'; Blazor's default adds a second, weaker header. Circuits send
// uncompressed: deflating every render batch was a sixth of a circuit's CPU (docs/decisions.md).
app.MapRazorComponents<App>().AddInteractiveServerRenderMode(o =>
{
    o.ContentSecurityFrameAncestorsPolicy = null;
    o.DisableWebSocketCompression = true;
}).Add(WallAccess.OpenCircuitsToWalls);
app.MapAuth().MapOperationsApi().MapTargetsApi().MapAudit().MapNotifications().MapDiagnostics();
app.MapAdminApi();
app.MapObservability();
app.MapHub<DashboardHub>(DashboardHub.Path).RequireAuthorization(Policies.Wall);

await app.RunAsync();
return 0;
