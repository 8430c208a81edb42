using BackupRestore.Dashboard.Features.Operations;

namespace BackupRestore.Dashboard.Features.Targets;

/// <summary><c>GET /api/targets</c>: each target's health. Credentials are not part of <see cref="TargetHealth"/>.</summary>
internal static class TargetsApi
{
    public static IEndpointRouteBuilder MapTargetsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/targets", (TargetHealthBoard health) =>
            TypedResults.Json<IReadOnlyList<TargetHealth>>(health.All.ToList(), DashboardJsonContext.Default.IReadOnlyListTargetHealth));
        return app;
    }
}
