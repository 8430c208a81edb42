using BackupRestore.Dashboard.Features.Targets;
using BackupRestore.Dashboard.Vendors.Http;
using BackupRestore.Dashboard.Vendors.Huawei;
using Refit;

namespace BackupRestore.Dashboard.Vendors.Cse;

/// <summary>
/// CSE engine details, backups and recoveries (vendor-apis.md §4.1), IAM token auth (<see cref="HuaweiAuth"/>), plus
/// X-Enterprise-Project-ID when configured. The two lists are not in the public reference ([I], §4.6).
/// </summary>
[Headers("Accept: application/json")]
internal interface ICseApi
{
    /// <summary>The target's primary read [D]: the engine exists and answers.</summary>
    [Get("/v2/{projectId}/enginemgr/engines/{engineId}")]
    Task<CseEngine> GetEngineAsync(string projectId, string engineId, [Header("X-Enterprise-Project-ID")] string? enterpriseProjectId, CancellationToken cancellationToken);

    /// <summary>[I] Not in the public reference.</summary>
    [Get("/cseengine/v1/engines/{engineId}/backups")]
    Task<CseList<CseBackup>> ListBackupsAsync(string engineId, [Header("X-Enterprise-Project-ID")] string? enterpriseProjectId, CancellationToken cancellationToken);

    /// <summary>[I] Not in the public reference.</summary>
    [Get("/cseengine/v1/engines/{engineId}/recoveries")]
    Task<CseList<CseRecoveryRecord>> ListRecoveriesAsync(string engineId, [Header("X-Enterprise-Project-ID")] string? enterpriseProjectId, CancellationToken cancellationToken);

    /// <summary>[D] Restores the engine from the backup; 200 with the recovery record.</summary>
    [Post("/cseengine/v1/engines/{engineId}/backups/{backupId}/recovery")]
    Task<CseRecoveryRecord> RecoverAsync(string engineId, string backupId, [Body] CseRecoveryRequest request,
        [Header("X-Enterprise-Project-ID")] string? enterpriseProjectId, CancellationToken cancellationToken);
}

internal static class CseApi
{
    public const string System = "CSE";
    public const string BackupsCall = "GET /cseengine/v1/engines/{engine_id}/backups";
    public const string RecoveriesCall = "GET /cseengine/v1/engines/{engine_id}/recoveries";

    public static readonly RefitSettings Settings = HuaweiApi.Settings(System, CseJsonContext.Default);

    public static ICseApi Cse(this VendorApis apis, TargetOptions target) => apis.For<ICseApi>(target, Settings);

    public static string? Project(this TargetOptions target) => string.IsNullOrEmpty(target.EnterpriseProjectId) ? null : target.EnterpriseProjectId;
}
