using System.Text.RegularExpressions;

namespace BackupRestore.Dashboard.Features.Hosting;

/// <summary>
/// The one rule for text that leaves the process (pages, the API, the audit, logs): credentials inside URLs
/// (<c>sftp://bob:pw@host</c>), API tokens and token-like query values are replaced by <see cref="Marker"/>.
/// Configured secrets (target passwords, webhook paths) are added for logs by <see cref="LogRedactor"/>.
/// </summary>
public static partial class Redaction
{
    public const string Marker = "[redacted]";

    /// <summary><paramref name="text"/> with every URL's userinfo, every API token and every secret query value replaced.</summary>
    public static string Apply(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }
        var result = text;
        if (result.Contains("://", StringComparison.Ordinal))
        {
            result = UserInfo().Replace(result, m => $"{m.Groups["scheme"].Value}{Marker}@");
        }
        if (result.Contains(Auth.TokenStore.Prefix, StringComparison.Ordinal))
        {
            result = ApiToken().Replace(result, Auth.TokenStore.Prefix + Marker);
        }
        if (result.Contains('='))
        {
            result = SecretQueryValue().Replace(result, m => m.Groups["key"].Value + Marker);
        }
        return result;
    }

    /// <summary>Null stays null; anything else goes through <see cref="Apply(string)"/>.</summary>
    public static string? ApplyOrNull(string? text) => text is null ? null : Apply(text);

    /// <summary>Whether <paramref name="url"/> is an absolute URL that carries a user name or password.</summary>
    public static bool HasUserInfo(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.UserInfo.Length > 0;

    // Up to the last '@' before the path: a password may itself contain '@'.
    [GeneratedRegex(@"(?<scheme>\b[A-Za-z][A-Za-z0-9+.\-]*://)[^\s/?#]*@")]
    private static partial Regex UserInfo();

    [GeneratedRegex(@"brd_[A-Za-z0-9_\-]{6,}")]
    private static partial Regex ApiToken();

    [GeneratedRegex(@"(?<key>(?:^|[?&;\s])(?:access_token|token|[A-Za-z_.\-]*password|[A-Za-z_.\-]*secret|api[_\-]?key|sig|signature)=)[^&#\s""'<>]*", RegexOptions.IgnoreCase)]
    private static partial Regex SecretQueryValue();
}
