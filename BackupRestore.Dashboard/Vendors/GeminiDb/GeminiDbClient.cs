using System.Globalization;
using BackupRestore.Dashboard.Features.Targets;
using BackupRestore.Dashboard.Vendors.Huawei;

namespace BackupRestore.Dashboard.Vendors.GeminiDb;

/// <summary>Typed client for GeminiDB backups and jobs (vendor-apis.md §3), IAM token auth.</summary>
internal sealed class GeminiDbClient(HttpClient http, HuaweiIam iam)
{
    private const string System = "GeminiDB";
    private const int PageSize = 100;
    private const int MaxPages = 50;

    /// <summary>Every backup, following v3.1 paging (offset = index, limit ≤ 100).</summary>
    public async Task<IReadOnlyList<GdbBackup>> ListBackupsAsync(TargetOptions target, CancellationToken cancellationToken)
    {
        var all = new List<GdbBackup>();
        for (var page = 0; page < MaxPages; page++)
        {
            var query = $"?offset={all.Count.ToString(CultureInfo.InvariantCulture)}&limit={PageSize.ToString(CultureInfo.InvariantCulture)}"
                + (string.IsNullOrEmpty(target.InstanceId) ? "" : $"&instance_id={Uri.EscapeDataString(target.InstanceId)}");
            var list = await SendAsync(target, HttpMethod.Get, $"/v3.1/{target.ProjectId}/backups{query}", null, GeminiDbJsonContext.Default.GdbBackupList, cancellationToken);
            var backups = list.Backups ?? [];
            all.AddRange(backups);
            if (backups.Count < PageSize || (list.TotalCount is { } total && all.Count >= total))
            {
                break;
            }
        }
        return all;
    }

    public async Task<IReadOnlyList<GdbInstance>> ListInstancesAsync(TargetOptions target, CancellationToken cancellationToken)
    {
        var query = string.IsNullOrEmpty(target.InstanceId) ? "?offset=0&limit=100" : $"?id={Uri.EscapeDataString(target.InstanceId)}";
        var list = await SendAsync(target, HttpMethod.Get, $"/v3/{target.ProjectId}/instances{query}", null, GeminiDbJsonContext.Default.GdbInstanceList, cancellationToken);
        return list.Instances ?? [];
    }

    /// <summary>PUT backups/{id} {"action":"stop"}: 202 with the job that stops it.</summary>
    public async Task<string> StopBackupAsync(TargetOptions target, string backupId, CancellationToken cancellationToken)
    {
        var result = await SendAsync(target, HttpMethod.Put, $"/v3/{target.ProjectId}/backups/{Uri.EscapeDataString(backupId)}",
            () => JsonContent.Create(new GdbStopRequest("stop"), GeminiDbJsonContext.Default.GdbStopRequest), GeminiDbJsonContext.Default.GdbStopResult, cancellationToken);
        return result.JobId ?? throw new VendorProtocolException("GeminiDB accepted the stop but sent no job_id.");
    }

    public Task<GdbCreateResult> CreateBackupAsync(TargetOptions target, string instanceId, GdbCreateRequest request, CancellationToken cancellationToken) =>
        SendAsync(target, HttpMethod.Post, $"/v3/{target.ProjectId}/instances/{Uri.EscapeDataString(instanceId)}/backups",
            () => JsonContent.Create(request, GeminiDbJsonContext.Default.GdbCreateRequest), GeminiDbJsonContext.Default.GdbCreateResult, cancellationToken);

    public async Task<GdbJob?> GetJobAsync(TargetOptions target, string jobId, CancellationToken cancellationToken) =>
        (await SendAsync(target, HttpMethod.Get, $"/v3/{target.ProjectId}/jobs?id={Uri.EscapeDataString(jobId)}", null, GeminiDbJsonContext.Default.GdbJobEnvelope, cancellationToken)).Job;

    private Task<T> SendAsync<T>(TargetOptions target, HttpMethod method, string path, Func<HttpContent>? content, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, CancellationToken cancellationToken) =>
        HuaweiApi.SendAsync(http, iam, target, System, method, target.Url(path), content, type, cancellationToken);
}
