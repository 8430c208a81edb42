using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Serialization.Metadata;
using BackupRestore.Dashboard.Features.Targets;

namespace BackupRestore.Dashboard.Vendors.Huawei;

/// <summary>
/// What every Huawei service call shares: the IAM token in X-Auth-Token (fetched again once on 401), optional
/// extra headers, and the <c>{error_code, error_msg}</c> error body. Each typed client passes its own HttpClient.
/// </summary>
internal static class HuaweiApi
{
    public static async Task<T> SendAsync<T>(
        HttpClient http,
        HuaweiIam iam,
        TargetOptions target,
        string system,
        HttpMethod method,
        Uri url,
        Func<HttpContent>? content,
        JsonTypeInfo<T> type,
        CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? headers = null)
    {
        using var response = await SendRawAsync(http, iam, target, system, method, url, content, cancellationToken, headers);
        return await VendorHttp.ReadJsonAsync(response, type, system, cancellationToken);
    }

    /// <summary>Sends and returns a successful response (the caller disposes it); errors become <see cref="VendorException"/>.</summary>
    public static async Task<HttpResponseMessage> SendRawAsync(
        HttpClient http,
        HuaweiIam iam,
        TargetOptions target,
        string system,
        HttpMethod method,
        Uri url,
        Func<HttpContent>? content,
        CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? headers = null)
    {
        for (var attempt = 0; ; attempt++)
        {
            var token = await iam.GetTokenAsync(target, cancellationToken);
            using var request = new HttpRequestMessage(method, url) { Content = content?.Invoke() }.For(target);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            request.Headers.Add("X-Auth-Token", token);
            foreach (var (name, value) in headers ?? new Dictionary<string, string>())
            {
                request.Headers.Add(name, value);
            }
            var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            // A token revoked early (password or permission change) is refused with 401: fetch a new one, once.
            // The gateway refuses before the service acts, so sending the action again cannot run it twice.
            if (response.StatusCode == HttpStatusCode.Unauthorized && attempt == 0)
            {
                response.Dispose();
                iam.Invalidate(target, token);
                continue;
            }
            if (!response.IsSuccessStatusCode)
            {
                using (response)
                {
                    throw await ErrorAsync(system, response, cancellationToken);
                }
            }
            return response;
        }
    }

    /// <summary>Codes that mean "the resource's state does not allow this now" (answered as 409 by the dashboard).</summary>
    private static readonly HashSet<string> StateConflicts =
    [
        "DBS.200011", "DBS.200018", "BackupService.2002", "BackupService.6202", "SVCSTG.00501131", "SVCSTG.00501132",
    ];

    public static async Task<VendorException> ErrorAsync(string system, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var body = await VendorHttp.ReadErrorBodyAsync(response, cancellationToken);
        var error = VendorHttp.TryParse(body, HuaweiJsonContext.Default.HuaweiError);
        return error?.ErrorMsg is { } message
            ? new VendorException(system, new VendorError(status, error.ErrorCode, message, null, error.Detail, error.ErrorCode is { } code && StateConflicts.Contains(code)))
            : new VendorException(system, new VendorError(status, null, VendorHttp.Summarize(body, status)));
    }

    /// <summary>The keys every Huawei target needs (§3.6), checked at start.</summary>
    public static IEnumerable<string> Validate(TargetOptions target, string key)
    {
        if (!Uri.TryCreate(target.IamUrl, UriKind.Absolute, out var iam) || iam.Scheme is not ("http" or "https"))
        {
            yield return $"{key}:IamUrl '{target.IamUrl}' is not an absolute http(s) URL. Set the IAM endpoint, e.g. https://iam.ap-southeast-1.myhuaweicloud.com.";
        }
        if (string.IsNullOrWhiteSpace(target.ProjectId))
        {
            yield return $"{key}:ProjectId is missing. Set the project id (32 hex characters) that appears in the service URLs.";
        }
        if (string.IsNullOrWhiteSpace(target.DomainName))
        {
            yield return $"{key}:DomainName is missing. Set the account (domain) name the IAM user belongs to.";
        }
    }
}
