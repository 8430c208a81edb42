using System.Globalization;
using BackupRestore.Dashboard.Features.Targets;
using BackupRestore.Dashboard.Vendors.Http;
using BackupRestore.Dashboard.Vendors.Huawei;
using Refit;

namespace BackupRestore.Dashboard.Vendors.Cbr;

/// <summary>CBR backups, restores and operation logs (vendor-apis.md §5.1), IAM token auth (<see cref="HuaweiAuth"/>).</summary>
[Headers("Accept: application/json")]
internal interface ICbrApi
{
    /// <summary>Backups with the documented filters; <c>vault_id</c> comes from the target.</summary>
    [Get("/v3/{projectId}/backups")]
    Task<CbrBackupList> ListBackupsAsync(string projectId, int limit, int offset, string? status, [AliasAs("resource_type")] string? resourceType,
        string? name, [AliasAs("vault_id")] string? vaultId, CancellationToken cancellationToken);

    /// <summary>202 Accepted with no body: the restore is followed through its operation log.</summary>
    [Post("/v3/{projectId}/backups/{backupId}/restore")]
    Task RestoreAsync(string projectId, string backupId, [Body] CbrRestoreRequest request, CancellationToken cancellationToken);

    /// <summary>The target's primary read: restore operation logs created since <c>start_time</c>.</summary>
    [Get("/v3/{projectId}/operation-logs")]
    Task<CbrOperationLogList> ListOperationLogsAsync(string projectId, int limit, int offset, [AliasAs("operation_type")] string operationType,
        [AliasAs("vault_id")] string? vaultId, [AliasAs("start_time")] string? startTime, CancellationToken cancellationToken);
}

internal static class CbrApi
{
    public const string System = "CBR";
    private const int PageSize = 200;
    private const int MaxPages = 25;

    public static readonly RefitSettings Settings = HuaweiApi.Settings(System, CbrJsonContext.Default);

    public static ICbrApi Cbr(this VendorApis apis, TargetOptions target) => apis.For<ICbrApi>(target, Settings);

    /// <summary>Backups narrowed by <paramref name="query"/>, every page.</summary>
    public static async Task<IReadOnlyList<CbrBackup>> ListAllBackupsAsync(this ICbrApi api, TargetOptions target, BackupQuery query, CancellationToken cancellationToken)
    {
        var all = new List<CbrBackup>();
        for (var page = 0; page < MaxPages; page++)
        {
            var list = VendorRefit.Required(await api.ListBackupsAsync(target.ProjectId!, PageSize, all.Count, Blank(query.Status), Blank(query.ResourceType),
                Blank(query.Name), Blank(target.VaultId), cancellationToken), System, "the backup list");
            var backups = list.Backups ?? [];
            all.AddRange(backups);
            if (backups.Count < PageSize || (list.Count is { } count && all.Count >= count))
            {
                break;
            }
        }
        return all;
    }

    /// <summary>Restore operation logs created since <paramref name="since"/>, every page.</summary>
    public static async Task<IReadOnlyList<CbrOperationLog>> ListRestoreLogsAsync(this ICbrApi api, TargetOptions target, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var start = since.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var all = new List<CbrOperationLog>();
        for (var page = 0; page < MaxPages; page++)
        {
            var list = VendorRefit.Required(await api.ListOperationLogsAsync(target.ProjectId!, PageSize, all.Count, "restore", Blank(target.VaultId), start,
                cancellationToken), System, "the operation logs");
            var logs = list.OperationLogs ?? [];
            all.AddRange(logs);
            if (logs.Count < PageSize || (list.Count is { } count && all.Count >= count))
            {
                break;
            }
        }
        return all;
    }

    private static string? Blank(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
