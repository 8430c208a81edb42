using System.Collections.Concurrent;
using System.Net.Http.Headers;
using BackupRestore.Dashboard.Features.Targets;

namespace BackupRestore.Dashboard.Vendors.Huawei;

/// <summary>
/// IAM tokens for Huawei Cloud targets (§3.6): one per account and project scope, cached until five minutes before
/// <c>expires_at</c>, fetched again once when a service answers 401. One fetch at a time per scope.
/// </summary>
internal sealed class HuaweiIam(IHttpClientFactory clients, TimeProvider time)
{
    public const string HttpClientName = "huawei-iam";
    private static readonly TimeSpan Margin = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, (string Token, DateTimeOffset RefreshAt)> tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> fetches = new(StringComparer.Ordinal);

    public async Task<string> GetTokenAsync(TargetOptions target, CancellationToken cancellationToken)
    {
        var key = KeyOf(target);
        if (tokens.TryGetValue(key, out var cached) && cached.RefreshAt > time.GetUtcNow())
        {
            return cached.Token;
        }
        var gate = fetches.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (tokens.TryGetValue(key, out cached) && cached.RefreshAt > time.GetUtcNow())
            {
                return cached.Token;
            }
            var fresh = await FetchAsync(target, cancellationToken);
            tokens[key] = fresh;
            return fresh.Token;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Forgets <paramref name="token"/> (a service rejected it) unless a newer one replaced it already.</summary>
    public void Invalidate(TargetOptions target, string token)
    {
        var key = KeyOf(target);
        if (tokens.TryGetValue(key, out var cached) && cached.Token == token)
        {
            tokens.TryRemove(new KeyValuePair<string, (string, DateTimeOffset)>(key, cached));
        }
    }

    private async Task<(string Token, DateTimeOffset RefreshAt)> FetchAsync(TargetOptions target, CancellationToken cancellationToken)
    {
        var project = string.IsNullOrEmpty(target.ProjectName) ? new IamProject(null, target.ProjectId) : new IamProject(target.ProjectName, null);
        var body = new IamAuthRequest(new IamAuth(
            new IamIdentity(["password"], new IamPassword(new IamUser(target.UserName, target.Password, new IamDomain(target.DomainName ?? "")))),
            new IamScope(project)));
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(target.IamUrl!.TrimEnd('/') + "/v3/auth/tokens?nocatalog=true"))
        {
            Content = System.Net.Http.Json.JsonContent.Create(body, HuaweiJsonContext.Default.IamAuthRequest),
        }.For(target);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await clients.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw await HuaweiApi.ErrorAsync("IAM", response, cancellationToken);
        }
        var token = response.Headers.TryGetValues("X-Subject-Token", out var values) ? values.FirstOrDefault() : null;
        if (string.IsNullOrEmpty(token))
        {
            throw new VendorProtocolException("IAM answered without an X-Subject-Token header.");
        }
        var parsed = await VendorHttp.ReadJsonAsync(response, HuaweiJsonContext.Default.IamTokenResponse, "IAM", cancellationToken);
        var expires = parsed.Token?.ExpiresAt ?? time.GetUtcNow().AddHours(1);
        return (token, expires - Margin);
    }

    private static string KeyOf(TargetOptions target) =>
        $"{target.IamUrl}|{target.DomainName}|{target.UserName}|{target.ProjectName}|{target.ProjectId}";
}
