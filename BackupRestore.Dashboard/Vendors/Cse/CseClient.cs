using System.Text.Json.Serialization.Metadata;
using BackupRestore.Dashboard.Features.Targets;
using BackupRestore.Dashboard.Vendors.Huawei;

namespace BackupRestore.Dashboard.Vendors.Cse;

/// <summary>
/// Typed client for CSE engine backups and recoveries (vendor-apis.md §4). IAM token auth, plus
/// X-Enterprise-Project-ID when configured. The list calls are not in the public reference ([I], §4.6).
/// </summary>
internal sealed class CseClient(HttpClient http, HuaweiIam iam)
{
    private const string System = "CSE";

    public async Task<IReadOnlyList<CseBackup>> ListBackupsAsync(TargetOptions target, CancellationToken cancellationToken) =>
        (await SendAsync(target, HttpMethod.Get, "/backups", null, CseJsonContext.Default.CseListCseBackup, cancellationToken)).Data ?? [];

    public async Task<IReadOnlyList<CseRecoveryRecord>> ListRecoveriesAsync(TargetOptions target, CancellationToken cancellationToken) =>
        (await SendAsync(target, HttpMethod.Get, "/recoveries", null, CseJsonContext.Default.CseListCseRecoveryRecord, cancellationToken)).Data ?? [];

    /// <summary>POST backups/{id}/recovery: restores the engine from the backup; 200 with the recovery record.</summary>
    public Task<CseRecoveryRecord> RecoverAsync(TargetOptions target, string backupId, CseRecoveryRequest request, CancellationToken cancellationToken) =>
        SendAsync(target, HttpMethod.Post, $"/backups/{Uri.EscapeDataString(backupId)}/recovery",
            () => JsonContent.Create(request, CseJsonContext.Default.CseRecoveryRequest, new("application/json") { CharSet = "UTF-8" }),
            CseJsonContext.Default.CseRecoveryRecord, cancellationToken);

    private Task<T> SendAsync<T>(TargetOptions target, HttpMethod method, string path, Func<HttpContent>? content, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        var url = target.Url($"/cseengine/v1/engines/{Uri.EscapeDataString(target.EngineId!)}{path}");
        var headers = string.IsNullOrEmpty(target.EnterpriseProjectId)
            ? null
            : new Dictionary<string, string> { ["X-Enterprise-Project-ID"] = target.EnterpriseProjectId };
        return HuaweiApi.SendAsync(http, iam, target, System, method, url, content, type, cancellationToken, headers);
    }
}
