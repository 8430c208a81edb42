using BackupRestore.Dashboard.Features.Resilience;
using BackupRestore.Dashboard.Features.ScaleOut;
using BackupRestore.Dashboard.Features.Targets;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;

namespace BackupRestore.Dashboard.Vendors.Http;

/// <summary>A system's authentication, as a handler inside each attempt (so every attempt carries a current credential).</summary>
internal interface IVendorAuth
{
    DelegatingHandler CreateHandler(Func<TargetOptions> target);
}

/// <summary>Several instances may share a backend's logs: the User-Agent names the instance that called.</summary>
internal sealed class InstanceAgentHandler(string agent) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Remove("User-Agent");
        request.Headers.TryAddWithoutValidation("User-Agent", agent);
        return base.SendAsync(request, cancellationToken);
    }
}

/// <summary>
/// Configures the named client of each target as IHttpClientFactory builds it: base address, its own connection pool
/// with its TLS settings, then [operator wording] → [resilience pipeline] → [the system's auth] → network.
/// Targets are known only once the catalog is final (the demo fleet starts at run time), hence named options.
/// </summary>
internal sealed class VendorClientOptions(IServiceProvider services) : IConfigureNamedOptions<HttpClientFactoryOptions>
{
    public void Configure(HttpClientFactoryOptions options)
    {
    }

    public void Configure(string? name, HttpClientFactoryOptions options)
    {
        if (!VendorApis.TryParse(name, out var targetName, out var iam))
        {
            return;
        }
        var targets = services.GetRequiredService<VendorTargets>();
        TargetOptions Current() => targets.Get(targetName);
        options.HandlerLifetime = Timeout.InfiniteTimeSpan;
        var agent = $"BackupRestore.Dashboard (instance {services.InstanceId()})";
        options.HttpClientActions.Add(client =>
        {
            var target = Current();
            client.BaseAddress = new Uri((iam ? target.IamUrl ?? "" : target.BaseUrl).TrimEnd('/'));
            client.Timeout = Timeout.InfiniteTimeSpan;
        });
        options.HttpMessageHandlerBuilderActions.Add(builder =>
        {
            var target = Current();
            var tls = services.GetRequiredService<TargetTls>();
            var pipelines = services.GetRequiredService<TargetPipelines>();
            builder.PrimaryHandler = tls.CreateHandler(targetName, Current, iam);
            builder.AdditionalHandlers.Add(new VendorCallHandler(Current, tls, pipelines.TotalTimeout));
            builder.AdditionalHandlers.Add(new ResilienceHandler(pipelines.For(target, iam)));
            if (!iam && services.GetKeyedService<IVendorAuth>(target.System.ToLowerInvariant()) is { } auth)
            {
                builder.AdditionalHandlers.Add(auth.CreateHandler(Current));
            }
            // Innermost: the sign-in calls an auth handler makes itself carry it too.
            builder.AdditionalHandlers.Add(new InstanceAgentHandler(agent));
        });
    }
}
