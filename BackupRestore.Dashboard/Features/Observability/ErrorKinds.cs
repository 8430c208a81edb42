using System.Globalization;
using System.Security.Authentication;
using BackupRestore.Dashboard.Vendors;

namespace BackupRestore.Dashboard.Features.Observability;

/// <summary>A failure as a small fixed set of labels (OpenTelemetry's <c>error.type</c>): never the message, which may name hosts or data.</summary>
internal static class ErrorKinds
{
    public static string Of(Exception error) => error switch
    {
        VendorException v => "http_" + v.Error.HttpStatus.ToString(CultureInfo.InvariantCulture),
        VendorProtocolException => "protocol",
        TimeoutException or OperationCanceledException or Polly.Timeout.TimeoutRejectedException => "timeout",
        Polly.CircuitBreaker.BrokenCircuitException => "circuit_open",
        HttpRequestException { InnerException: AuthenticationException } => "tls",
        HttpRequestException h => h.HttpRequestError.ToString().ToLowerInvariant(),
        _ => "other",
    };
}
