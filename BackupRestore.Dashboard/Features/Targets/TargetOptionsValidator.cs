using System.Text.RegularExpressions;
using BackupRestore.Dashboard.Features.Hosting;
using BackupRestore.Dashboard.Vendors;
using Microsoft.Extensions.Options;

namespace BackupRestore.Dashboard.Features.Targets;

/// <summary>
/// Checks every configured target at start and says, per key, what to fix. Values that do not parse are found in
/// the raw configuration first: the binder would drop such a target without a word.
/// </summary>
internal sealed partial class TargetOptionsValidator(IEnumerable<IVendorConnector> connectors, IConfiguration configuration) : IValidateOptions<DashboardTargetsOptions>
{
    public ValidateOptionsResult Validate(string? name, DashboardTargetsOptions options)
    {
        var errors = new List<string>();
        var systems = connectors.ToDictionary(c => c.System, StringComparer.OrdinalIgnoreCase);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var items = configuration.GetSection("Targets").GetChildren().ToList();
        var unparsable = items.Select(item => ConfigurationValues.Errors(item, typeof(TargetOptions), item.Path).ToList()).ToList();
        var bindable = unparsable.All(e => e.Count == 0) && items.Count == options.Targets.Count;
        for (var i = 0; i < items.Count; i++)
        {
            var key = items[i].Path;
            if (unparsable[i].Count > 0)
            {
                errors.AddRange(unparsable[i]);
                continue;
            }
            // With a bad item elsewhere the bound list no longer lines up with the keys: check a copy of this one.
            var target = bindable ? options.Targets[i] : items[i].Get<TargetOptions>() ?? new TargetOptions();
            errors.AddRange(ValidateCommon(target, key, systems.Keys));
            if (target.Name.Length > 0 && !seen.Add(target.Name))
            {
                errors.Add($"{key}:Name '{target.Name}' is used by another target. Target names must be unique.");
            }
            if (systems.TryGetValue(target.System, out var connector))
            {
                target.System = connector.System;
                errors.AddRange(connector.Validate(target, key));
            }
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    public static IEnumerable<string> ValidateCommon(TargetOptions target, string key, IEnumerable<string> systems)
    {
        if (string.IsNullOrWhiteSpace(target.Name))
        {
            yield return $"{key}:Name is missing. Give each target a unique name, e.g. {key}:Name=nsx-prod-01.";
        }
        else if (!NamePattern().IsMatch(target.Name))
        {
            yield return $"{key}:Name '{target.Name}' may contain only letters, digits, '.', '-' and '_' (at most 64, starting with a letter or digit).";
        }
        if (!systems.Contains(target.System, StringComparer.OrdinalIgnoreCase))
        {
            yield return $"{key}:System '{target.System}' is not supported. Use one of: {string.Join(", ", systems)}.";
        }
        if (!Uri.TryCreate(target.BaseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            yield return $"{key}:BaseUrl '{Redaction.Apply(target.BaseUrl)}' is not an absolute http(s) URL. Set it to the backend's address, e.g. https://nsx.example.com.";
        }
        else if (uri.UserInfo.Length > 0)
        {
            // Shown on pages and in the API: credentials go where they are never displayed.
            yield return $"{key}:BaseUrl '{Redaction.Apply(target.BaseUrl)}' contains a user name or password. Remove it from the URL and put the credentials in {key}:UserName and {key}:Password.";
        }
        if (string.IsNullOrWhiteSpace(target.UserName))
        {
            yield return $"{key}:UserName is missing. Set the account the dashboard signs in with.";
        }
        if (string.IsNullOrEmpty(target.Password))
        {
            yield return $"{key}:Password is missing. Set it with user secrets or an environment variable (Targets__{key[8..]}__Password), not in appsettings.json.";
        }
        if (target.PollInterval < TimeSpan.FromMilliseconds(100) || target.PollInterval > TimeSpan.FromHours(1))
        {
            yield return $"{key}:PollInterval '{target.PollInterval}' must be between 00:00:00.1 and 01:00:00 (a TimeSpan, e.g. 00:00:05).";
        }
        if (target.Retention is { } retention && retention <= TimeSpan.Zero)
        {
            yield return $"{key}:Retention '{retention}' must be a positive TimeSpan, e.g. 1.00:00:00, or left empty for Operations:Retention.";
        }
        if (target.RequestTimeout <= TimeSpan.Zero || target.RequestTimeout > TimeSpan.FromMinutes(5))
        {
            yield return $"{key}:RequestTimeout '{target.RequestTimeout}' must be between 00:00:00.001 and 00:05:00.";
        }
        foreach (var error in ValidateTls(target, key))
        {
            yield return error;
        }
    }

    private static IEnumerable<string> ValidateTls(TargetOptions target, string key)
    {
        var tls = target.Tls;
        if (tls.IsDefault)
        {
            yield break;
        }
        if (!target.BaseUrl.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            yield return $"{key}:Tls:* is set but {key}:BaseUrl '{target.BaseUrl}' is not https: remove the Tls keys or use the https address.";
        }
        if (tls.AllowUntrusted && !(string.IsNullOrWhiteSpace(tls.CertificateThumbprint) && string.IsNullOrWhiteSpace(tls.CaCertificate)))
        {
            yield return $"{key}:Tls:AllowUntrusted=true turns every check off: set it alone, or remove it and keep CertificateThumbprint or CaCertificate.";
        }
        if (!string.IsNullOrWhiteSpace(tls.CertificateThumbprint) && Vendors.Http.TargetTls.Normalize(tls.CertificateThumbprint).Length != 64)
        {
            yield return $"{key}:Tls:CertificateThumbprint '{tls.CertificateThumbprint}' is not a SHA-256 thumbprint: give the 64 hex digits of the certificate's SHA-256 (colons allowed), e.g. from the target's health or `openssl x509 -noout -fingerprint -sha256`.";
        }
        if (!string.IsNullOrWhiteSpace(tls.CaCertificate) && CaProblem(tls.CaCertificate) is { } problem)
        {
            yield return $"{key}:Tls:CaCertificate '{tls.CaCertificate}' {problem}: give the path of a PEM file with the CA certificate(s) to trust for this target.";
        }
    }

    private static string? CaProblem(string path)
    {
        if (!File.Exists(path))
        {
            return "does not exist";
        }
        try
        {
            var certificates = new System.Security.Cryptography.X509Certificates.X509Certificate2Collection();
            certificates.ImportFromPemFile(path);
            return certificates.Count == 0 ? "holds no certificate" : null;
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            return $"cannot be read as PEM ({e.Message})";
        }
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex NamePattern();
}
