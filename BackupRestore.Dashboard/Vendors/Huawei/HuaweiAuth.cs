using System.Net;
using BackupRestore.Dashboard.Features.Targets;
using BackupRestore.Dashboard.Vendors.Http;

namespace BackupRestore.Dashboard.Vendors.Huawei;

/// <summary>The IAM token in X-Auth-Token on every Huawei service call; a token refused with 401 is fetched again, once.</summary>
internal sealed class HuaweiAuth(HuaweiIam iam) : IVendorAuth
{
    public DelegatingHandler CreateHandler(Func<TargetOptions> target) => new Handler(target, iam);

    private sealed class Handler(Func<TargetOptions> current, HuaweiIam iam) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var target = current();
            for (var attempt = 0; ; attempt++)
            {
                var token = await iam.GetTokenAsync(target, cancellationToken);
                request.Headers.Remove("X-Auth-Token");
                request.Headers.Add("X-Auth-Token", token);
                var response = await base.SendAsync(request, cancellationToken);
                // A token revoked early (password or permission change) is refused by the gateway before the service
                // acts: fetch a new one, once; sending the action again cannot run it twice.
                if (attempt == 0 && response.StatusCode == HttpStatusCode.Unauthorized)
                {
                    response.Dispose();
                    iam.Invalidate(target, token);
                    continue;
                }
                return response;
            }
        }
    }
}
