using System.Globalization;
using System.Net;
using Microsoft.Extensions.Options;

namespace BackupRestore.Dashboard.Features.Hosting;

/// <summary>
/// <c>ForwardedHeaders:KnownProxies:N</c> (addresses) and <c>ForwardedHeaders:KnownNetworks:N</c> (CIDR ranges):
/// only requests from these may set the client address and scheme with <c>X-Forwarded-For</c> and
/// <c>X-Forwarded-Proto</c>. Empty (the default): the headers are ignored, whoever sends them.
/// </summary>
public sealed class ForwardingOptions
{
    public List<string> KnownProxies { get; set; } = [];

    public List<string> KnownNetworks { get; set; } = [];

    /// <summary>How many proxies in a row may add to the headers (1: the one in front of the dashboard).</summary>
    public int ForwardLimit { get; set; } = 1;

    public bool Any => KnownProxies.Count > 0 || KnownNetworks.Count > 0;
}

/// <summary><c>Https:Redirect</c>: send plain HTTP requests to HTTPS (with <c>Https:Port</c> when it is not 443 or found from the server's addresses).</summary>
public sealed class HttpsOptions
{
    public bool Redirect { get; set; }

    public int? Port { get; set; }
}

/// <summary><c>Limits:*</c>: the largest request body accepted, for the JSON API and for everything else (forms).</summary>
public sealed class RequestLimitsOptions
{
    public long MaxApiBodyBytes { get; set; } = 1024 * 1024;

    public long MaxFormBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>The largest single form field (a pasted text, a location).</summary>
    public int MaxFormValueLength { get; set; } = 64 * 1024;
}

internal sealed class ForwardingOptionsValidator : IValidateOptions<ForwardingOptions>
{
    public ValidateOptionsResult Validate(string? name, ForwardingOptions options)
    {
        var errors = new List<string>();
        for (var i = 0; i < options.KnownProxies.Count; i++)
        {
            if (!IPAddress.TryParse(options.KnownProxies[i], out _))
            {
                errors.Add($"ForwardedHeaders:KnownProxies:{i} '{options.KnownProxies[i]}' is not an IP address. Give the proxy's address, e.g. 10.0.0.5.");
            }
        }
        for (var i = 0; i < options.KnownNetworks.Count; i++)
        {
            if (!IPNetwork.TryParse(options.KnownNetworks[i], out _))
            {
                errors.Add($"ForwardedHeaders:KnownNetworks:{i} '{options.KnownNetworks[i]}' is not a network in CIDR form, e.g. 10.0.0.0/24.");
            }
        }
        if (options.ForwardLimit is < 1 or > 10)
        {
            errors.Add($"ForwardedHeaders:ForwardLimit '{options.ForwardLimit.ToString(CultureInfo.InvariantCulture)}' must be between 1 and 10 (the number of proxies in front of the dashboard).");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
