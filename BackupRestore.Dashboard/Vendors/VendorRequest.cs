using BackupRestore.Dashboard.Features.Targets;

namespace BackupRestore.Dashboard.Vendors;

/// <summary>Per-request context the vendor HTTP pipeline reads: which target a request is for.</summary>
internal static class VendorRequest
{
    public static readonly HttpRequestOptionsKey<TargetOptions> Target = new("backuprestore.target");

    public static HttpRequestMessage For(this HttpRequestMessage request, TargetOptions target)
    {
        request.Options.Set(Target, target);
        return request;
    }
}

/// <summary>Bounds every call to a target by its <see cref="TargetOptions.RequestTimeout"/>, on the app's clock.</summary>
internal sealed class TargetTimeoutHandler(TimeProvider time) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!request.Options.TryGetValue(VendorRequest.Target, out var target))
        {
            return await base.SendAsync(request, cancellationToken);
        }
        using var timeout = new CancellationTokenSource(target.RequestTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            return await base.SendAsync(request, linked.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{target.Name} did not answer {request.Method} {request.RequestUri?.AbsolutePath} within {target.RequestTimeout.TotalSeconds:0.#} s.");
        }
    }
}
