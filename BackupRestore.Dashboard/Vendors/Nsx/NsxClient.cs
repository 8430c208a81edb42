using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using BackupRestore.Dashboard.Features.Targets;

namespace BackupRestore.Dashboard.Vendors.Nsx;

/// <summary>
/// Typed client for the NSX Manager cluster-restore API (vendor-apis.md §1). Authenticates with a session
/// (JSESSIONID + X-XSRF-TOKEN, renewed once when the manager rejects it) or HTTP Basic, per target.
/// </summary>
internal sealed class NsxClient(HttpClient http, NsxSessions sessions)
{
    private const string System = "NSX";
    private const string Restore = "/api/v1/cluster/restore";
    private const int MaxPages = 50;

    public Task<NsxRestoreStatus> GetStatusAsync(TargetOptions target, CancellationToken cancellationToken) =>
        SendAsync(target, HttpMethod.Get, $"{Restore}/status", null, NsxJsonContext.Default.NsxRestoreStatus, cancellationToken);

    public async Task<IReadOnlyList<NsxClusterBackupInfo>> GetBackupTimestampsAsync(TargetOptions target, CancellationToken cancellationToken)
    {
        var list = await SendAsync(target, HttpMethod.Get, $"{Restore}/backuptimestamps", null,
            NsxJsonContext.Default.NsxListResultNsxClusterBackupInfo, cancellationToken);
        return list.Results ?? [];
    }

    /// <summary>Every resource an instruction lists, following <c>cursor</c> across pages.</summary>
    public async Task<IReadOnlyList<JsonElement>> GetInstructionResourcesAsync(TargetOptions target, string instructionId, CancellationToken cancellationToken)
    {
        var all = new List<JsonElement>();
        string? cursor = null;
        for (var page = 0; page < MaxPages; page++)
        {
            var query = $"?instruction_id={Uri.EscapeDataString(instructionId)}" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}");
            var list = await SendAsync(target, HttpMethod.Get, $"{Restore}/instruction-resources{query}", null,
                NsxJsonContext.Default.NsxListResultJsonElement, cancellationToken);
            all.AddRange(list.Results ?? []);
            cursor = list.Cursor;
            if (string.IsNullOrEmpty(cursor) || list.Results is not { Count: > 0 })
            {
                break;
            }
        }
        return all;
    }

    public Task<NsxRestoreStatus> StartAsync(TargetOptions target, NsxInitiateClusterRestoreRequest request, CancellationToken cancellationToken) =>
        ActionAsync(target, $"{Restore}?action=start", () => JsonContent.Create(request, NsxJsonContext.Default.NsxInitiateClusterRestoreRequest), cancellationToken);

    public Task<NsxRestoreStatus> SuspendAsync(TargetOptions target, CancellationToken cancellationToken) =>
        ActionAsync(target, $"{Restore}?action=suspend", null, cancellationToken);

    public Task<NsxRestoreStatus> AdvanceAsync(TargetOptions target, NsxAdvanceClusterRestoreRequest request, CancellationToken cancellationToken) =>
        ActionAsync(target, $"{Restore}?action=advance", () => JsonContent.Create(request, NsxJsonContext.Default.NsxAdvanceClusterRestoreRequest), cancellationToken);

    public Task<NsxRestoreStatus> RetryAsync(TargetOptions target, CancellationToken cancellationToken) =>
        ActionAsync(target, $"{Restore}?action=retry", null, cancellationToken);

    public Task<NsxRestoreStatus> RetryWithUpdatedConfigAsync(TargetOptions target, CancellationToken cancellationToken) =>
        ActionAsync(target, $"{Restore}/action/retry_with_updated_config", null, cancellationToken);

    public Task<NsxRestoreStatus> CancelAsync(TargetOptions target, CancellationToken cancellationToken) =>
        ActionAsync(target, $"{Restore}?action=cancel", null, cancellationToken);

    private Task<NsxRestoreStatus> ActionAsync(TargetOptions target, string path, Func<HttpContent>? content, CancellationToken cancellationToken) =>
        SendAsync(target, HttpMethod.Post, path, content, NsxJsonContext.Default.NsxRestoreStatus, cancellationToken);

    private async Task<T> SendAsync<T>(TargetOptions target, HttpMethod method, string path, Func<HttpContent>? content, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var request = new HttpRequestMessage(method, target.Url(path)) { Content = content?.Invoke() }.For(target);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            var session = await AuthorizeAsync(request, target, cancellationToken);
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            // A session the manager forgot (idle timeout, restart) is rejected with 401/403: log in again, once.
            // Auth is checked before the action runs, so sending the action again cannot run it twice.
            if (session is not null && attempt == 0 && response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                sessions.Invalidate(target, session);
                continue;
            }
            if (!response.IsSuccessStatusCode)
            {
                throw await ErrorAsync(response, cancellationToken);
            }
            return await VendorHttp.ReadJsonAsync(response, type, System, cancellationToken);
        }
    }

    private async Task<NsxSession?> AuthorizeAsync(HttpRequestMessage request, TargetOptions target, CancellationToken cancellationToken)
    {
        if (string.Equals(target.Auth, "basic", StringComparison.OrdinalIgnoreCase))
        {
            var pair = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{target.UserName}:{target.Password}"));
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", pair);
            return null;
        }
        var session = await sessions.GetAsync(target, LoginAsync, cancellationToken);
        request.Headers.Add("Cookie", $"JSESSIONID={session.SessionId}");
        request.Headers.Add("X-XSRF-TOKEN", session.XsrfToken);
        return session;
    }

    private async Task<NsxSession> LoginAsync(TargetOptions target, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, target.Url("/api/session/create")).For(target);
        request.Content = new FormUrlEncodedContent([new("j_username", target.UserName), new("j_password", target.Password)]);
        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw await ErrorAsync(response, cancellationToken);
        }
        var cookie = response.Headers.TryGetValues("Set-Cookie", out var cookies)
            ? cookies.Select(c => c.Split(';')[0]).FirstOrDefault(c => c.StartsWith("JSESSIONID=", StringComparison.OrdinalIgnoreCase))
            : null;
        var xsrf = response.Headers.TryGetValues("X-XSRF-TOKEN", out var tokens) ? tokens.FirstOrDefault() : null;
        if (cookie is null || xsrf is null)
        {
            throw new VendorProtocolException("NSX session login succeeded but sent no JSESSIONID cookie or X-XSRF-TOKEN header.");
        }
        return new NsxSession(cookie["JSESSIONID=".Length..], xsrf);
    }

    private static async Task<VendorException> ErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var body = await VendorHttp.ReadErrorBodyAsync(response, cancellationToken);
        var error = VendorHttp.TryParse(body, NsxJsonContext.Default.NsxApiError);
        return error?.ErrorMessage is { } message
            ? new VendorException(System, new VendorError(status, error.ErrorCode?.ToString(global::System.Globalization.CultureInfo.InvariantCulture), message, error.ModuleName, error.Details))
            : new VendorException(System, new VendorError(status, null, VendorHttp.Summarize(body, status)));
    }
}
