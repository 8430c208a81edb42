using System.Globalization;
using BackupRestore.Dashboard.Features.Targets;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace BackupRestore.Dashboard.Vendors.Http;

/// <summary>
/// The outermost handler of a target's client: says in the operator's words what the pipeline refused (a timeout,
/// an open circuit, a certificate that is not trusted) and leaves everything else as it is.
/// </summary>
internal sealed class VendorCallHandler(Func<TargetOptions> target, TargetTls tls, Func<TargetOptions, TimeSpan> totalTimeout) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await base.SendAsync(request, cancellationToken);
        }
        catch (TimeoutRejectedException e)
        {
            var t = target();
            var limit = e.Timeout >= totalTimeout(t) ? e.Timeout : t.RequestTimeout;
            throw new TimeoutException($"{t.Name} did not answer {request.Method} {request.RequestUri?.AbsolutePath} within {Seconds(limit)} s.", e);
        }
        catch (BrokenCircuitException e)
        {
            var after = e.RetryAfter is { } wait ? $"in {Math.Ceiling(wait.TotalSeconds).ToString(CultureInfo.InvariantCulture)} s" : "soon";
            throw new HttpRequestException($"{target().Name} is left alone after repeated failures (circuit open); it is probed again {after}.", e);
        }
        catch (HttpRequestException e) when (e.HttpRequestError == HttpRequestError.SecureConnectionError
            && tls.Seen(target().Name) is { Trusted: false } seen && request.RequestUri?.Authority == target().BaseUri.Authority)
        {
            throw new HttpRequestException(HttpRequestError.SecureConnectionError,
                $"the TLS certificate of {request.RequestUri?.Authority} was refused: {seen.Problem}. Certificate: subject {seen.Subject}, " +
                $"expires {seen.NotAfter.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}, SHA-256 {seen.Sha256}. {seen.Fix}", e);
        }
    }

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);
}
