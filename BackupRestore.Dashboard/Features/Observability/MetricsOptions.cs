using Microsoft.Extensions.Options;

namespace BackupRestore.Dashboard.Features.Observability;

/// <summary>
/// <c>Metrics:*</c>: who may scrape <c>/metrics</c>. Neither set: the endpoint does not exist (metrics say how busy
/// the targets are and which fail; they stay off the public surface unless asked for).
/// </summary>
public sealed class MetricsOptions
{
    /// <summary>A scraper sends <c>Authorization: Bearer &lt;token&gt;</c>; without it, 401.</summary>
    public string? ScrapeToken { get; set; }

    /// <summary>
    /// Management addresses, <c>;</c>-separated (e.g. <c>http://127.0.0.1:9464</c>): <c>/metrics</c> answers only
    /// there. The server must also listen on them (list them in <c>Urls</c> too).
    /// </summary>
    public string? Urls { get; set; }

    /// <summary>How long one scrape's answer is reused (Prometheus scrapes every 15 s or so).</summary>
    public int ScrapeCacheMilliseconds { get; set; }

    public bool Enabled => !string.IsNullOrEmpty(ScrapeToken) || !string.IsNullOrWhiteSpace(Urls);

    public IReadOnlyList<Uri> ManagementUrls() => (Urls ?? "")
        .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(u => new Uri(u.Replace("://+", "://0.0.0.0", StringComparison.Ordinal).Replace("://*", "://0.0.0.0", StringComparison.Ordinal)))
        .ToList();
}

internal sealed partial class MetricsOptionsValidator : IValidateOptions<MetricsOptions>
{
    public const int MinimumTokenLength = 16;

    public ValidateOptionsResult Validate(string? name, MetricsOptions options)
    {
        var errors = new List<string>();
        if (options.ScrapeToken is { } token && token.Length < MinimumTokenLength)
        {
            errors.Add($"Metrics:ScrapeToken must be at least {MinimumTokenLength} characters (a random secret, e.g. from `openssl rand -hex 24`).");
        }
        foreach (var url in (options.Urls ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!ExplicitPortUrl().IsMatch(url))
            {
                errors.Add($"Metrics:Urls entry '{url}' must be an http(s) address with a port, e.g. http://127.0.0.1:9464 (several: separate with ';').");
            }
        }
        if (options.ScrapeCacheMilliseconds < 0)
        {
            errors.Add("Metrics:ScrapeCacheMilliseconds must be 0 or more.");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^https?://(\[[^\]]+\]|[^/:\[\]]+):\d{1,5}/?$")]
    private static partial System.Text.RegularExpressions.Regex ExplicitPortUrl();
}
