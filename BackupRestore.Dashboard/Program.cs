using BackupRestore.Dashboard;
using BackupRestore.Dashboard.Components;
using BackupRestore.Dashboard.Features.Actions;
using BackupRestore.Dashboard.Features.Admin;
using BackupRestore.Dashboard.Features.Audit;
using BackupRestore.Dashboard.Features.Auth;
using BackupRestore.Dashboard.Features.Data;
using BackupRestore.Dashboard.Features.Diagnostics;
using BackupRestore.Dashboard.Features.Hosting;
using BackupRestore.Dashboard.Features.Live;
using BackupRestore.Dashboard.Features.Notifications;
using BackupRestore.Dashboard.Features.Operations;
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
builder.AddData();
builder.AddAuth();
builder.AddTargets();
builder.AddVendors();
builder.AddLiveOperations();
builder.Services.AddRazorComponents();
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
app.MapRazorComponents<App>();
app.MapAuth().MapActionForms().MapOperationsApi().MapTargetsApi().MapAudit().MapAdmin().MapNotifications().MapDiagnostics();
app.MapHub<DashboardHub>(DashboardHub.Path).RequireAuthorization(Policies.Wall);

await app.RunAsync();
return 0;
