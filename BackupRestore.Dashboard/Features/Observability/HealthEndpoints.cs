using System.Globalization;
using System.Text.Json;
using BackupRestore.Dashboard.Features.Auth;
using BackupRestore.Dashboard.Features.Data;
using BackupRestore.Dashboard.Features.Polling;
using BackupRestore.Dashboard.Features.ScaleOut;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace BackupRestore.Dashboard.Features.Observability;

/// <summary>
/// <c>/health/live</c> (the process answers) and <c>/health/ready</c> (database reachable with every migration
/// applied, pollers running; with <c>ScaleOut:Enabled</c>, this instance's target leases renewed). Anonymous, for load balancers and orchestrators: the body is only the status, except
/// for a signed-in admin, who gets each check as JSON.
/// </summary>
internal static class HealthEndpoints
{
    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";
    private const string ReadyTag = "ready";

    public static IServiceCollection AddReadinessChecks(this IServiceCollection services, IConfiguration configuration)
    {
        // The EF check takes the context from the request's scope; the app itself uses the pooled factory.
        services.TryAddScoped(sp => sp.GetRequiredService<IDbContextFactory<DashboardDb>>().CreateDbContext());
        var checks = services.AddHealthChecks()
            .AddDbContextCheck<DashboardDb>("database", tags: [ReadyTag], customTestQuery: DatabaseReadyAsync)
            .AddCheck<PollersHealthCheck>("pollers", tags: [ReadyTag]);
        if (configuration.GetValue<bool>("ScaleOut:Enabled"))
        {
            checks.AddCheck<LeasesHealthCheck>("leases", tags: [ReadyTag]);
        }
        return services;
    }

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        // No check at all: answering is the proof of life (a slow database must not get the process restarted).
        app.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync }).AllowAnonymous();
        app.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = WriteAsync }).AllowAnonymous();
        return app;
    }

    private static async Task<bool> DatabaseReadyAsync(DashboardDb db, CancellationToken cancellationToken) =>
        await db.Database.CanConnectAsync(cancellationToken) && !(await db.Database.GetPendingMigrationsAsync(cancellationToken)).Any();

    /// <summary>Anyone: "Healthy" or "Unhealthy". A signed-in admin: each check, its duration and what it said (redacted).</summary>
    private static async Task WriteAsync(HttpContext context, HealthReport report)
    {
        var user = context.User;
        if (!user.IsInRole(Roles.Admin) || Wall.WallAccess.IsWall(user))
        {
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync(report.Status.ToString(), context.RequestAborted);
            return;
        }
        context.Response.ContentType = "application/json; charset=utf-8";
        await using (var json = new Utf8JsonWriter(context.Response.BodyWriter))
        {
            json.WriteStartObject();
            json.WriteString("status", report.Status.ToString());
            json.WriteNumber("durationMs", Math.Round(report.TotalDuration.TotalMilliseconds, 1));
            json.WriteStartObject("checks");
            foreach (var (name, entry) in report.Entries)
            {
                json.WriteStartObject(name);
                json.WriteString("status", entry.Status.ToString());
                json.WriteNumber("durationMs", Math.Round(entry.Duration.TotalMilliseconds, 1));
                json.WriteString("description", Hosting.Redaction.ApplyOrNull(entry.Description ?? entry.Exception?.Message));
                json.WriteEndObject();
            }
            json.WriteEndObject();
            json.WriteEndObject();
        }
        await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
    }
}

/// <summary>Ready only while the polling service runs and none of its target loops has ended.</summary>
internal sealed class PollersHealthCheck(PollingService service, TargetPollers pollers) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (service.ExecuteTask is not { IsCompleted: false })
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("The polling service is not running."));
        }
        var all = pollers.All.ToList();
        var ended = all.Where(p => p.Ended).Select(p => p.Target.Name).ToList();
        return Task.FromResult(ended.Count == 0
            ? HealthCheckResult.Healthy($"{all.Count} target poller(s) running.")
            : HealthCheckResult.Unhealthy($"Pollers stopped: {string.Join(", ", ended)}."));
    }
}

/// <summary>
/// With several instances: ready only while this instance's leases are renewed. A renewal older than the lease
/// means another instance may have taken its targets (and this one has stopped polling them).
/// </summary>
internal sealed class LeasesHealthCheck(IPollingAssignment assignment, IOptions<ScaleOutOptions> options, TimeProvider time) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (assignment is not LeasedPolling leased)
        {
            return Task.FromResult(HealthCheckResult.Healthy("No leases: this instance polls every target."));
        }
        if (leased.RenewedAt is not { } renewedAt)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("The target leases have not been renewed yet."));
        }
        var age = time.GetUtcNow() - renewedAt;
        return Task.FromResult(age < options.Value.LeaseDuration
            ? HealthCheckResult.Healthy(string.Create(CultureInfo.InvariantCulture, $"{leased.Held} target lease(s), renewed {age.TotalSeconds:0.#} s ago."))
            : HealthCheckResult.Unhealthy(string.Create(CultureInfo.InvariantCulture,
                $"The target leases were last renewed {age.TotalSeconds:0.#} s ago, longer than ScaleOut:LeaseDuration: other instances may have taken their targets.")));
    }
}
