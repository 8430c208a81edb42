using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Serialization.Metadata;
using BackupRestore.Dashboard.Features.Targets;

namespace BackupRestore.Dashboard.Vendors.Vcenter;

/// <summary>
/// Typed client for the appliance restore job (vendor-apis.md §2). Session auth (POST session with Basic, then
/// vmware-api-session-id, renewed once on 401). Uses /api (7.0U2+) and falls back to /rest for appliances whose
/// /api answers 404, remembering that per target.
/// </summary>
internal sealed class VcenterClient(HttpClient http, VcenterSessions state)
{
    private const string System = "vCenter";
    private const string SessionHeader = "vmware-api-session-id";
    private ConcurrentDictionary<string, string> Sessions => state.Sessions;
    private ConcurrentDictionary<string, bool> LegacyTargets => state.LegacyTargets;

    public Task<VcRestoreJobStatus> GetJobAsync(TargetOptions target, CancellationToken cancellationToken) =>
        CallAsync(target, HttpMethod.Get, "/appliance/recovery/restore/job", "/appliance/recovery/restore/job", null,
            VcenterJsonContext.Default.VcRestoreJobStatus, VcenterJsonContext.Default.VcValueVcRestoreJobStatus, cancellationToken);

    public Task<VcRestoreJobStatus> CreateAsync(TargetOptions target, VcRestoreRequest request, CancellationToken cancellationToken) =>
        CallAsync(target, HttpMethod.Post, "/appliance/recovery/restore/job", "/appliance/recovery/restore/job", request,
            VcenterJsonContext.Default.VcRestoreJobStatus, VcenterJsonContext.Default.VcValueVcRestoreJobStatus, cancellationToken);

    public Task<VcReturnResult> CancelAsync(TargetOptions target, CancellationToken cancellationToken) =>
        CallAsync(target, HttpMethod.Post, "/appliance/recovery/restore/job?action=cancel", "/appliance/recovery/restore/job/cancel", null,
            VcenterJsonContext.Default.VcReturnResult, VcenterJsonContext.Default.VcValueVcReturnResult, cancellationToken);

    public Task<VcMetadata> ValidateAsync(TargetOptions target, VcRestoreRequest request, CancellationToken cancellationToken) =>
        CallAsync(target, HttpMethod.Post, "/appliance/recovery/restore?action=validate", "/appliance/recovery/restore/validate", request,
            VcenterJsonContext.Default.VcMetadata, VcenterJsonContext.Default.VcValueVcMetadata, cancellationToken);

    private async Task<T> CallAsync<T>(TargetOptions target, HttpMethod method, string apiPath, string restPath, VcRestoreRequest? body,
        JsonTypeInfo<T> type, JsonTypeInfo<VcValue<T>> wrapped, CancellationToken cancellationToken)
    {
        if (!LegacyTargets.ContainsKey(target.Name))
        {
            using var response = await SendAsync(target, method, "/api" + apiPath, body is null ? null : () => JsonContent.Create(body, VcenterJsonContext.Default.VcRestoreRequest), legacy: false, cancellationToken);
            if (response.StatusCode != HttpStatusCode.NotFound)
            {
                return await ReadAsync(response, type, cancellationToken);
            }
            LegacyTargets[target.Name] = true;
            Sessions.TryRemove(target.Name, out _);
        }
        using var old = await SendAsync(target, method, "/rest" + restPath, body is null ? null : () => JsonContent.Create(new VcPiece(body), VcenterJsonContext.Default.VcPiece), legacy: true, cancellationToken);
        return (await ReadAsync(old, wrapped, cancellationToken)).Value ?? throw new VendorProtocolException($"vCenter answered {restPath} without a value.");
    }

    private async Task<HttpResponseMessage> SendAsync(TargetOptions target, HttpMethod method, string path, Func<HttpContent>? content, bool legacy, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var session = await SessionAsync(target, legacy, cancellationToken);
            if (session is null)
            {
                return new HttpResponseMessage(HttpStatusCode.NotFound);
            }
            using var request = new HttpRequestMessage(method, target.Url(path)) { Content = content?.Invoke() }.For(target);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            request.Headers.Add(SessionHeader, session);
            var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            // An expired session is refused with 401 before anything runs: log in again, once.
            if (response.StatusCode == HttpStatusCode.Unauthorized && attempt == 0)
            {
                response.Dispose();
                Sessions.TryRemove(new KeyValuePair<string, string>(target.Name, session));
                continue;
            }
            return response;
        }
    }

    /// <summary>The target's session token; null when this API form does not exist (404 on the session call).</summary>
    private async Task<string?> SessionAsync(TargetOptions target, bool legacy, CancellationToken cancellationToken)
    {
        if (Sessions.TryGetValue(target.Name, out var token))
        {
            return token;
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, target.Url(legacy ? "/rest/com/vmware/cis/session" : "/api/session")).For(target);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{target.UserName}:{target.Password}")));
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound && !legacy)
        {
            return null;
        }
        if (!response.IsSuccessStatusCode)
        {
            throw await ErrorAsync(response, cancellationToken);
        }
        token = legacy
            ? (await VendorHttp.ReadJsonAsync(response, VcenterJsonContext.Default.VcValueString, System, cancellationToken)).Value
            : await VendorHttp.ReadJsonAsync(response, VcenterJsonContext.Default.String, System, cancellationToken);
        if (string.IsNullOrEmpty(token))
        {
            throw new VendorProtocolException("vCenter created a session but sent no session id.");
        }
        Sessions[target.Name] = token;
        return token;
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> type, CancellationToken cancellationToken) =>
        response.IsSuccessStatusCode
            ? await VendorHttp.ReadJsonAsync(response, type, System, cancellationToken)
            : throw await ErrorAsync(response, cancellationToken);

    private static readonly HashSet<string> StateConflicts =
        ["FEATURE_IN_USE", "NOT_ALLOWED_IN_CURRENT_STATE", "RESOURCE_BUSY", "CONCURRENT_CHANGE", "RESOURCE_IN_USE", "ALREADY_IN_DESIRED_STATE"];

    /// <summary>Vapi errors as the backend states them: error_type and messages (old API: type + value).</summary>
    private static async Task<VendorException> ErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var body = await VendorHttp.ReadErrorBodyAsync(response, cancellationToken);
        var error = VendorHttp.TryParse(body, VcenterJsonContext.Default.VcError);
        var type = error?.ErrorType ?? error?.Value?.ErrorType ?? error?.Type?.Split('.')[^1].ToUpperInvariant();
        var messages = error?.Messages ?? error?.Value?.Messages ?? [];
        return type is null && messages.Count == 0
            ? new VendorException(System, new VendorError(status, null, VendorHttp.Summarize(body, status)))
            : new VendorException(System, new VendorError(status, type, messages.Count == 0 ? type! : string.Join(" ", messages.Select(m => m.Text)),
                Details: messages.Count > 0 ? messages[0].Id : null, StateConflict: type is not null && StateConflicts.Contains(type)));
    }
}

/// <summary>Per target: the session id, and whether the appliance only speaks the older /rest API.</summary>
internal sealed class VcenterSessions
{
    public ConcurrentDictionary<string, string> Sessions { get; } = new(StringComparer.OrdinalIgnoreCase);

    public ConcurrentDictionary<string, bool> LegacyTargets { get; } = new(StringComparer.OrdinalIgnoreCase);
}
