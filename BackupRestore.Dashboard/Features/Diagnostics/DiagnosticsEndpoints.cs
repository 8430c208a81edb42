using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using BackupRestore.Dashboard.Features.Auth;
using BackupRestore.Dashboard.Features.Live;
using BackupRestore.Dashboard.Features.Operations;

namespace BackupRestore.Dashboard.Features.Diagnostics;

public sealed record DiagnosticsSnapshot(
    long OperationRenders, long SummaryRenders, long Circuits, int StoreSubscribers, long StoreVersion, int Operations, int HubConnections,
    long PollTicks, double TickLagP50Ms, double TickLagP99Ms, double RenderDelayP50Ms, double RenderDelayP95Ms, long ManagedHeapBytes, long WorkingSetBytes, int ThreadCount,
    int GcGen0, int GcGen1, int GcGen2);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(DiagnosticsSnapshot))]
internal sealed partial class DiagnosticsJson : JsonSerializerContext;

internal static class DiagnosticsEndpoints
{
    /// <summary><c>GET /api/diagnostics</c> (admin): what the process is doing; <c>POST …/reset</c> starts a new measuring window.</summary>
    public static IEndpointRouteBuilder MapDiagnostics(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/diagnostics").RequireAuthorization(Policies.Administer).DisableAntiforgery().WithTags("Diagnostics");
        group.MapGet("/", (bool? collect, bool? release, LiveStats live, HubConnections hub, OperationStore store, RuntimeStats stats) =>
        {
            if (collect == true)
            {
                // For memory measurements: what is left after this is what the process really holds. Aggressive
                // also gives free heap memory back to the system, so the working set shows what is held, not what
                // the collector kept committed for later; release=false keeps it (for a CPU measurement after it).
                GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
                GC.WaitForPendingFinalizers();
                GC.Collect(2, release == false ? GCCollectionMode.Forced : GCCollectionMode.Aggressive, blocking: true, compacting: true);
            }
            using var process = Process.GetCurrentProcess();
            return TypedResults.Json(new DiagnosticsSnapshot(
                live.OperationRenders, live.SummaryRenders, live.Circuits, store.SubscriberCount, store.Version, store.Ordered().Count, hub.Count,
                stats.Ticks, stats.TickLag(50), stats.TickLag(99), stats.RenderDelay(50), stats.RenderDelay(95),
                GC.GetTotalMemory(forceFullCollection: false), process.WorkingSet64, process.Threads.Count,
                GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)), DiagnosticsJson.Default.DiagnosticsSnapshot);
        }).Produces<DiagnosticsSnapshot>();
        group.MapPost("/reset", (RuntimeStats stats) =>
        {
            stats.ResetLags();
            return Results.NoContent();
        }).Produces(StatusCodes.Status204NoContent);
        return app;
    }
}
