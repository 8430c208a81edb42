namespace BackupRestore.Simulator.Nsx;

/// <summary>GlobalRestoreStatus values and what each state offers in <c>endpoints</c>.</summary>
public static class NsxStatus
{
    public const string Initial = "INITIAL";
    public const string Running = "RUNNING";
    public const string Suspending = "SUSPENDING";
    public const string SuspendedByUser = "SUSPENDED_BY_USER";
    public const string SuspendedForUserAction = "SUSPENDED_FOR_USER_ACTION";
    public const string Suspended = "SUSPENDED";
    public const string Failed = "FAILED";
    public const string Success = "SUCCESS";
    public const string Aborted = "ABORTED";

    /// <summary>The docs gate advance and cancel on "SUSPENDED"; all three suspended values count (vendor-apis.md §1.4).</summary>
    public static bool IsSuspended(string status) =>
        status is Suspended or SuspendedByUser or SuspendedForUserAction;

    public static string Description(string status, string? failure) => status switch
    {
        Initial => "Restore has not started",
        Running => "Restore is in progress",
        Suspending => "A suspend request is being processed",
        SuspendedByUser => "Restore is suspended by the user",
        SuspendedForUserAction => "Restore is suspended and waiting for user action",
        Failed => failure is null ? "Restore failed" : $"Restore failed: {failure}",
        Success => "Restore completed successfully",
        Aborted => "Restore was cancelled by the user",
        _ => status,
    };

    public static string StepDescription(string stepStatus, string? failure) => stepStatus switch
    {
        Failed => failure ?? "Step failed",
        SuspendedForUserAction => "Waiting for user action",
        SuspendedByUser => "Suspended by user",
        Success => "Step completed",
        Running => "Step is running",
        _ => "Step has not started",
    };

    /// <summary>
    /// Cancel follows the current docs (SUSPENDED only) plus FAILED, which the cancel page calls "suspended due to
    /// an error". RUNNING offers suspend only.
    /// </summary>
    public static IReadOnlyList<NsxResourceLink> Endpoints(string status) => status switch
    {
        Initial => [Link("start")],
        Running => [Link("suspend")],
        SuspendedByUser or SuspendedForUserAction or Suspended => [Link("advance"), Link("cancel")],
        Failed => [Link("retry"), Link("retry_with_updated_config"), Link("cancel")],
        _ => [],
    };

    private static NsxResourceLink Link(string action) => action == "retry_with_updated_config"
        ? new NsxResourceLink(action, "/api/v1/cluster/restore/action/retry_with_updated_config", "action")
        : new NsxResourceLink(action, $"/api/v1/cluster/restore?action={action}", "action");
}
