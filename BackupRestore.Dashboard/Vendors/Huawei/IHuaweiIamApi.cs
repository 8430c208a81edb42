using BackupRestore.Dashboard.Features.Targets;
using BackupRestore.Dashboard.Vendors.Http;
using Refit;

namespace BackupRestore.Dashboard.Vendors.Huawei;

/// <summary>Huawei IAM (vendor-apis.md §3.6): a password-scoped token, returned in the X-Subject-Token header.</summary>
[Headers("Accept: application/json")]
internal interface IHuaweiIamApi
{
    /// <summary>The raw answer: the token is a header, the expiry is in the body.</summary>
    [Post("/v3/auth/tokens?nocatalog=true")]
    Task<HttpResponseMessage> CreateTokenAsync([Body] IamAuthRequest request, CancellationToken cancellationToken);
}

/// <summary>
/// IAM tokens for Huawei Cloud targets: one per account and project scope, cached until five minutes before
/// <c>expires_at</c>, fetched again once when a service answers 401 (<see cref="HuaweiAuth"/>).
/// </summary>
internal sealed class HuaweiIam(VendorApis apis, TimeProvider time)
{
    private const string System = "IAM";
    private static readonly TimeSpan Margin = TimeSpan.FromMinutes(5);
    private static readonly RefitSettings Settings = HuaweiApi.Settings(System, HuaweiJsonContext.Default);

    private readonly SessionCache<IamCachedToken> tokens = new();

    public async Task<string> GetTokenAsync(TargetOptions target, CancellationToken cancellationToken)
    {
        var key = KeyOf(target);
        for (var attempt = 0; ; attempt++)
        {
            var (token, _) = await tokens.GetAsync(key, async ct => (await FetchAsync(target, ct), null), cancellationToken);
            if (token!.RefreshAt > time.GetUtcNow() || attempt > 0)
            {
                return token.Token;
            }
            tokens.Invalidate(key, token);
        }
    }

    /// <summary>Forgets <paramref name="token"/> (a service refused it) unless a newer one replaced it already.</summary>
    public void Invalidate(TargetOptions target, string token)
    {
        var key = KeyOf(target);
        if (tokens.TryGet(key, out var cached) && cached.Token == token)
        {
            tokens.Invalidate(key, cached);
        }
    }

    private async Task<IamCachedToken> FetchAsync(TargetOptions target, CancellationToken cancellationToken)
    {
        var project = string.IsNullOrEmpty(target.ProjectName) ? new IamProject(null, target.ProjectId) : new IamProject(target.ProjectName, null);
        var body = new IamAuthRequest(new IamAuth(
            new IamIdentity(["password"], new IamPassword(new IamUser(target.UserName, target.Password, new IamDomain(target.DomainName ?? "")))),
            new IamScope(project)));
        using var response = await apis.For<IHuaweiIamApi>(target, Settings, iam: true).CreateTokenAsync(body, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw await VendorRefit.ErrorAsync(System, response, HuaweiApi.ParseError);
        }
        var token = response.Headers.TryGetValues("X-Subject-Token", out var values) ? values.FirstOrDefault() : null;
        if (string.IsNullOrEmpty(token))
        {
            throw new VendorProtocolException("IAM answered without an X-Subject-Token header.");
        }
        IamTokenResponse? parsed;
        try
        {
            parsed = await response.Content.ReadFromJsonAsync(HuaweiJsonContext.Default.IamTokenResponse, cancellationToken);
        }
        catch (System.Text.Json.JsonException e)
        {
            throw VendorRefit.Protocol(System, response, e);
        }
        return new IamCachedToken(token, (parsed?.Token?.ExpiresAt ?? time.GetUtcNow().AddHours(1)) - Margin);
    }

    private static string KeyOf(TargetOptions target) =>
        $"{target.IamUrl}|{target.DomainName}|{target.UserName}|{target.ProjectName}|{target.ProjectId}";

    private sealed record IamCachedToken(string Token, DateTimeOffset RefreshAt);
}
