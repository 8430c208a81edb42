using System.Diagnostics;

namespace BackupRestore.Dashboard.Features.Observability;

/// <summary>
/// The dashboard's own spans: one per poll of a target and one per operator action. The vendor HTTP calls made
/// inside them (HttpClient instrumentation) become their children.
/// </summary>
internal static class DashboardTracing
{
    public const string SourceName = "BackupRestore.Dashboard";

    public static ActivitySource Source { get; } = new(SourceName);

    /// <summary>Span names stay low-cardinality ("poll", "action cancel"); the target and ids go into attributes.</summary>
    public static Activity? StartPoll(string system, string target) =>
        Source.StartActivity("poll")?.SetTag("backuprestore.system", system).SetTag("backuprestore.target", target);

    public static Activity? StartAction(string action, string target, string? operationId) =>
        Source.StartActivity("action")
            ?.SetTag("backuprestore.action", action)
            .SetTag("backuprestore.target", target)
            .SetTag("backuprestore.operation.id", operationId);

    /// <summary>Marks a span failed with a fixed error kind (<c>error.type</c>), never the message.</summary>
    public static void Failed(this Activity? activity, string kind)
    {
        activity?.SetStatus(ActivityStatusCode.Error).SetTag("error.type", kind);
    }
}
