using System.Net;
using BackupRestore.Dashboard.Features.Targets;
using BackupRestore.Dashboard.Vendors.Http;

namespace BackupRestore.Dashboard.Vendors.Nsx;

public sealed record NsxSession(string SessionId, string XsrfToken);

/// <summary>
/// NSX authentication per target (§1.6): HTTP Basic on every call, or one session (POST /api/session/create, then
/// JSESSIONID + X-XSRF-TOKEN) shared by every caller and renewed once when the manager answers 401/403.
/// </summary>
internal sealed class NsxAuth : IVendorAuth
{
    private readonly SessionCache<NsxSession> sessions = new();

    public DelegatingHandler CreateHandler(Func<TargetOptions> target) => new Handler(target, sessions);

    private sealed class Handler(Func<TargetOptions> current, SessionCache<NsxSession> sessions) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var target = current();
            if (string.Equals(target.Auth, "basic", StringComparison.OrdinalIgnoreCase))
            {
                request.Headers.Authorization = VendorRefit.Basic(target.UserName, target.Password);
                return await base.SendAsync(request, cancellationToken);
            }
            for (var attempt = 0; ; attempt++)
            {
                var (session, failure) = await sessions.GetAsync(target.Name, ct => LoginAsync(target, ct), cancellationToken);
                if (session is null)
                {
                    return failure!;
                }
                request.Headers.Remove("Cookie");
                request.Headers.Remove("X-XSRF-TOKEN");
                request.Headers.Add("Cookie", $"JSESSIONID={session.SessionId}");
                request.Headers.Add("X-XSRF-TOKEN", session.XsrfToken);
                var response = await base.SendAsync(request, cancellationToken);
                // A session the manager forgot (idle timeout, restart) is refused before anything runs: log in again,
                // once; sending the action again cannot run it twice.
                if (attempt == 0 && response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                {
                    response.Dispose();
                    sessions.Invalidate(target.Name, session);
                    continue;
                }
                return response;
            }
        }

        /// <summary>A new session, or the manager's refusal (its 403 body reaches the operator as it is).</summary>
        private async Task<(NsxSession?, HttpResponseMessage?)> LoginAsync(TargetOptions target, CancellationToken cancellationToken)
        {
            using var login = new HttpRequestMessage(HttpMethod.Post, target.Url("/api/session/create"))
            {
                Content = new FormUrlEncodedContent([new("j_username", target.UserName), new("j_password", target.Password)]),
            };
            var response = await base.SendAsync(login, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return (null, response);
            }
            using (response)
            {
                var cookie = response.Headers.TryGetValues("Set-Cookie", out var cookies)
                    ? cookies.Select(c => c.Split(';')[0]).FirstOrDefault(c => c.StartsWith("JSESSIONID=", StringComparison.OrdinalIgnoreCase))
                    : null;
                var xsrf = response.Headers.TryGetValues("X-XSRF-TOKEN", out var tokens) ? tokens.FirstOrDefault() : null;
                return cookie is null || xsrf is null
                    ? throw new VendorProtocolException("NSX session login succeeded but sent no JSESSIONID cookie or X-XSRF-TOKEN header.")
                    : (new NsxSession(cookie["JSESSIONID=".Length..], xsrf), null);
            }
        }
    }
}
