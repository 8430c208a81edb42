using System.Globalization;
using System.Text.Json;
using BackupRestore.Dashboard.Features.Targets;
using BackupRestore.Dashboard.Vendors.Http;
using Refit;

namespace BackupRestore.Dashboard.Vendors.Nsx;

/// <summary>NSX Manager cluster restore (vendor-apis.md §1.2). Auth: <see cref="NsxAuth"/>.</summary>
[Headers("Accept: application/json")]
internal interface INsxApi
{
    /// <summary>The target's primary status: the restore, its step, the actions it offers and pending instructions.</summary>
    [Get("/api/v1/cluster/restore/status")]
    Task<NsxRestoreStatus> GetStatusAsync(CancellationToken cancellationToken);

    [Get("/api/v1/cluster/restore/backuptimestamps")]
    Task<NsxListResult<NsxClusterBackupInfo>> GetBackupTimestampsAsync(CancellationToken cancellationToken);

    /// <summary>One page of the resources an instruction lists (<c>cursor</c> from the previous page).</summary>
    [Get("/api/v1/cluster/restore/instruction-resources")]
    Task<NsxListResult<JsonElement>> GetInstructionResourcesAsync([AliasAs("instruction_id")] string instructionId, string? cursor, CancellationToken cancellationToken);

    [Post("/api/v1/cluster/restore?action=start")]
    Task<NsxRestoreStatus> StartAsync([Body] NsxInitiateClusterRestoreRequest request, CancellationToken cancellationToken);

    [Post("/api/v1/cluster/restore?action=suspend")]
    Task<NsxRestoreStatus> SuspendAsync(CancellationToken cancellationToken);

    [Post("/api/v1/cluster/restore?action=advance")]
    Task<NsxRestoreStatus> AdvanceAsync([Body] NsxAdvanceClusterRestoreRequest request, CancellationToken cancellationToken);

    [Post("/api/v1/cluster/restore?action=retry")]
    Task<NsxRestoreStatus> RetryAsync(CancellationToken cancellationToken);

    [Post("/api/v1/cluster/restore/action/retry_with_updated_config")]
    Task<NsxRestoreStatus> RetryWithUpdatedConfigAsync(CancellationToken cancellationToken);

    [Post("/api/v1/cluster/restore?action=cancel")]
    Task<NsxRestoreStatus> CancelAsync(CancellationToken cancellationToken);
}

internal static class NsxApi
{
    public const string System = "NSX";
    private const int MaxPages = 50;

    public static readonly RefitSettings Settings = VendorRefit.Settings(System, NsxJsonContext.Default, ParseError);

    public static INsxApi Nsx(this VendorApis apis, TargetOptions target) => apis.For<INsxApi>(target, Settings);

    /// <summary>Every resource an instruction lists, following <c>cursor</c> across pages.</summary>
    public static async Task<IReadOnlyList<JsonElement>> GetAllInstructionResourcesAsync(this INsxApi api, string instructionId, CancellationToken cancellationToken)
    {
        var all = new List<JsonElement>();
        string? cursor = null;
        for (var page = 0; page < MaxPages; page++)
        {
            var list = await api.GetInstructionResourcesAsync(instructionId, cursor, cancellationToken);
            all.AddRange(list?.Results ?? []);
            cursor = list?.Cursor;
            if (string.IsNullOrEmpty(cursor) || list?.Results is not { Count: > 0 })
            {
                break;
            }
        }
        return all;
    }

    /// <summary>NSX's ApiError: <c>error_code</c>, <c>error_message</c>, <c>module_name</c>, <c>details</c>.</summary>
    public static VendorError? ParseError(int status, string body) =>
        VendorRefit.TryParse(body, NsxJsonContext.Default.NsxApiError) is { ErrorMessage: { } message } error
            ? new VendorError(status, error.ErrorCode?.ToString(CultureInfo.InvariantCulture), message, error.ModuleName, error.Details)
            : null;
}
