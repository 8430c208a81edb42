using System.Globalization;
using System.Text;
using System.Text.Json.Serialization.Metadata;
using BackupRestore.Dashboard.Features.Targets;
using BackupRestore.Dashboard.Vendors.Huawei;

namespace BackupRestore.Dashboard.Vendors.Cbr;

/// <summary>Typed client for CBR backups, restores and operation logs (vendor-apis.md §5), IAM token auth.</summary>
internal sealed class CbrClient(HttpClient http, HuaweiIam iam)
{
    private const string System = "CBR";
    private const int PageSize = 200;
    private const int MaxPages = 25;

    /// <summary>Backups with the documented filters (status, resource_type, name; vault_id from the target), every page.</summary>
    public async Task<IReadOnlyList<CbrBackup>> ListBackupsAsync(TargetOptions target, BackupQuery query, CancellationToken cancellationToken)
    {
        var filter = new StringBuilder();
        Add(filter, "status", query.Status);
        Add(filter, "resource_type", query.ResourceType);
        Add(filter, "name", query.Name);
        Add(filter, "vault_id", target.VaultId);
        var all = new List<CbrBackup>();
        for (var page = 0; page < MaxPages; page++)
        {
            var list = await SendAsync(target, HttpMethod.Get, $"/backups?limit={PageSize}&offset={all.Count.ToString(CultureInfo.InvariantCulture)}{filter}",
                null, CbrJsonContext.Default.CbrBackupList, cancellationToken);
            var backups = list.Backups ?? [];
            all.AddRange(backups);
            if (backups.Count < PageSize || (list.Count is { } count && all.Count >= count))
            {
                break;
            }
        }
        return all;
    }

    /// <summary>POST backups/{id}/restore: 202 Accepted with no body; the restore is followed through its operation log.</summary>
    public async Task RestoreAsync(TargetOptions target, string backupId, CbrRestore restore, CancellationToken cancellationToken)
    {
        using var response = await HuaweiApi.SendRawAsync(http, iam, target, System, HttpMethod.Post,
            Url(target, $"/backups/{Uri.EscapeDataString(backupId)}/restore"),
            () => JsonContent.Create(new CbrRestoreRequest(restore), CbrJsonContext.Default.CbrRestoreRequest), cancellationToken);
    }

    /// <summary>Restore operation logs created since <paramref name="since"/>, newest first.</summary>
    public async Task<IReadOnlyList<CbrOperationLog>> ListRestoreLogsAsync(TargetOptions target, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var filter = new StringBuilder("&operation_type=restore");
        Add(filter, "vault_id", target.VaultId);
        Add(filter, "start_time", since.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
        var all = new List<CbrOperationLog>();
        for (var page = 0; page < MaxPages; page++)
        {
            var list = await SendAsync(target, HttpMethod.Get, $"/operation-logs?limit={PageSize}&offset={all.Count.ToString(CultureInfo.InvariantCulture)}{filter}",
                null, CbrJsonContext.Default.CbrOperationLogList, cancellationToken);
            var logs = list.OperationLogs ?? [];
            all.AddRange(logs);
            if (logs.Count < PageSize || (list.Count is { } count && all.Count >= count))
            {
                break;
            }
        }
        return all;
    }

    private static void Add(StringBuilder query, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            query.Append('&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
        }
    }

    private static Uri Url(TargetOptions target, string path) => target.Url($"/v3/{target.ProjectId}{path}");

    private Task<T> SendAsync<T>(TargetOptions target, HttpMethod method, string path, Func<HttpContent>? content, JsonTypeInfo<T> type, CancellationToken cancellationToken) =>
        HuaweiApi.SendAsync(http, iam, target, System, method, Url(target, path), content, type, cancellationToken);
}
