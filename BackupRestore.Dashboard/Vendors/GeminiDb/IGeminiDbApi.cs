using System.Globalization;
using BackupRestore.Dashboard.Features.Targets;
using BackupRestore.Dashboard.Vendors.Http;
using BackupRestore.Dashboard.Vendors.Huawei;
using Refit;

namespace BackupRestore.Dashboard.Vendors.GeminiDb;

/// <summary>GeminiDB backups, instances and jobs (vendor-apis.md §3.1), IAM token auth (<see cref="HuaweiAuth"/>).</summary>
[Headers("Accept: application/json")]
internal interface IGeminiDbApi
{
    /// <summary>v3.1: <c>offset</c> is an index, <c>limit</c> at most 100.</summary>
    [Get("/v3.1/{projectId}/backups")]
    Task<GdbBackupList> ListBackupsAsync(string projectId, int offset, int limit, [AliasAs("instance_id")] string? instanceId, CancellationToken cancellationToken);

    [Get("/v3/{projectId}/instances")]
    Task<GdbInstanceList> ListInstancesAsync(string projectId, string? id, int? offset, int? limit, CancellationToken cancellationToken);

    /// <summary><c>{"action":"stop"}</c>: 202 with the job that stops the backup.</summary>
    [Put("/v3/{projectId}/backups/{backupId}")]
    Task<GdbStopResult> StopBackupAsync(string projectId, string backupId, [Body] GdbStopRequest request, CancellationToken cancellationToken);

    [Post("/v3/{projectId}/instances/{instanceId}/backups")]
    Task<GdbCreateResult> CreateBackupAsync(string projectId, string instanceId, [Body] GdbCreateRequest request, CancellationToken cancellationToken);

    [Get("/v3/{projectId}/jobs")]
    Task<GdbJobEnvelope> GetJobAsync(string projectId, string id, CancellationToken cancellationToken);
}

internal static class GeminiDbApi
{
    public const string System = "GeminiDB";
    public const string InstancesCall = "GET /v3/{project_id}/instances";
    public const string JobCall = "GET /v3/{project_id}/jobs?id={job_id}";
    private const int PageSize = 100;
    private const int MaxPages = 50;

    public static readonly RefitSettings Settings = HuaweiApi.Settings(System, GeminiDbJsonContext.Default);

    public static IGeminiDbApi GeminiDb(this VendorApis apis, TargetOptions target) => apis.For<IGeminiDbApi>(target, Settings);

    /// <summary>Every backup, following v3.1 paging.</summary>
    public static async Task<IReadOnlyList<GdbBackup>> ListAllBackupsAsync(this IGeminiDbApi api, TargetOptions target, CancellationToken cancellationToken)
    {
        var all = new List<GdbBackup>();
        for (var page = 0; page < MaxPages; page++)
        {
            var list = VendorRefit.Required(await api.ListBackupsAsync(target.ProjectId!, all.Count, PageSize,
                string.IsNullOrEmpty(target.InstanceId) ? null : target.InstanceId, cancellationToken), System, "the backup list");
            var backups = list.Backups ?? [];
            all.AddRange(backups);
            if (backups.Count < PageSize || (list.TotalCount is { } total && all.Count >= total))
            {
                break;
            }
        }
        return all;
    }

    public static async Task<IReadOnlyList<GdbInstance>> ListTargetInstancesAsync(this IGeminiDbApi api, TargetOptions target, CancellationToken cancellationToken)
    {
        var list = string.IsNullOrEmpty(target.InstanceId)
            ? await api.ListInstancesAsync(target.ProjectId!, null, 0, 100, cancellationToken)
            : await api.ListInstancesAsync(target.ProjectId!, target.InstanceId, null, null, cancellationToken);
        return list?.Instances ?? [];
    }

    public static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
