using System.Net;
using BackupRestore.Dashboard.Features.Targets;
using BackupRestore.Dashboard.Vendors.Http;

namespace BackupRestore.Dashboard.Vendors.Vcenter;

/// <summary>
/// vCenter session per target and API form (§2.5): POST session with Basic, then <c>vmware-api-session-id</c> on every
/// call, renewed once when the appliance answers 401. A refused login's answer is passed back as the call's answer.
/// </summary>
internal sealed class VcenterAuth : IVendorAuth
{
    private const string SessionHeader = "vmware-api-session-id";
    private readonly SessionCache<string> sessions = new();

    public DelegatingHandler CreateHandler(Func<TargetOptions> target) => new Handler(target, sessions);

    private sealed class Handler(Func<TargetOptions> current, SessionCache<string> sessions) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var target = current();
            var rest = request.RequestUri?.AbsolutePath.Contains("/rest/", StringComparison.Ordinal) == true;
            var key = (rest ? "rest|" : "api|") + target.Name;
            for (var attempt = 0; ; attempt++)
            {
                var (session, failure) = await sessions.GetAsync(key, ct => LoginAsync(target, rest, ct), cancellationToken);
                if (session is null)
                {
                    return failure!;
                }
                request.Headers.Remove(SessionHeader);
                request.Headers.Add(SessionHeader, session);
                var response = await base.SendAsync(request, cancellationToken);
                // An expired session is refused with 401 before anything runs: log in again, once.
                if (attempt == 0 && response.StatusCode == HttpStatusCode.Unauthorized)
                {
                    response.Dispose();
                    sessions.Invalidate(key, session);
                    continue;
                }
                return response;
            }
        }

        private async Task<(string?, HttpResponseMessage?)> LoginAsync(TargetOptions target, bool rest, CancellationToken cancellationToken)
        {
            using var login = new HttpRequestMessage(HttpMethod.Post, target.Url(rest ? "/rest/com/vmware/cis/session" : "/api/session"));
            login.Headers.Authorization = VendorRefit.Basic(target.UserName, target.Password);
            var response = await base.SendAsync(login, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return (null, response);
            }
            using (response)
            {
                string? token;
                try
                {
                    token = rest
                        ? (await response.Content.ReadFromJsonAsync(VcenterJsonContext.Default.VcValueString, cancellationToken))?.Value
                        : await response.Content.ReadFromJsonAsync(VcenterJsonContext.Default.String, cancellationToken);
                }
                catch (System.Text.Json.JsonException e)
                {
                    throw VendorRefit.Protocol(VcenterCalls.System, response, e);
                }
                return string.IsNullOrEmpty(token)
                    ? throw new VendorProtocolException("vCenter created a session but sent no session id.")
                    : (token, null);
            }
        }
    }
}
