using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BackupRestore.Dashboard.Features.Targets;

namespace BackupRestore.Dashboard.Vendors.Http;

/// <summary>
/// The certificate a target presented at its last handshake: who it names, until when, its SHA-256 thumbprint, and
/// when it was refused, why and which key the admin sets to trust it.
/// </summary>
public sealed record CertificateInfo(string Subject, string Issuer, DateTimeOffset NotAfter, string Sha256, bool Trusted, string? Problem, string? Fix);

/// <summary>
/// Certificate checks per target, on that target's own connection pool: the default trust, a pinned SHA-256
/// thumbprint, a CA file for that target only, or (labs) no check. Nothing here changes another target or the process.
/// </summary>
public sealed class TargetTls
{
    private readonly ConcurrentDictionary<string, CertificateInfo> seen = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, X509Certificate2Collection> authorities = new(StringComparer.Ordinal);

    /// <summary>The certificate of the target's own endpoint at the last handshake (null: none yet, or plain HTTP).</summary>
    public CertificateInfo? Seen(string target) => seen.GetValueOrDefault(target);

    /// <summary>The connection pool of one target (or of its IAM endpoint: the pin is that of the target's own server).</summary>
    internal SocketsHttpHandler CreateHandler(string target, Func<TargetOptions> current, bool iam)
    {
        var handler = new SocketsHttpHandler
        {
            UseCookies = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(5),
            AutomaticDecompression = DecompressionMethods.All,
            MaxConnectionsPerServer = 8,
        };
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
            Check(current(), certificate, chain, errors, iam ? null : target);
        return handler;
    }

    /// <param name="record">Where to keep what was seen (the target's name), or null for its IAM endpoint.</param>
    internal bool Check(TargetOptions target, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors, string? record)
    {
        if (certificate is null)
        {
            return false;
        }
        var cert = certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        var sha = Convert.ToHexString(SHA256.HashData(cert.RawData));
        var problem = ProblemOf(target, cert, chain, errors, sha, pinApplies: record is not null);
        if (record is not null)
        {
            seen[record] = new CertificateInfo(cert.Subject, cert.Issuer, new DateTimeOffset(cert.NotAfter.ToUniversalTime()), sha,
                problem is null, problem, problem is null ? null : FixFor(target, sha));
        }
        return problem is null;
    }

    public static string Normalize(string thumbprint) =>
        new(thumbprint.Where(Uri.IsHexDigit).Select(char.ToUpperInvariant).ToArray());

    /// <summary>Loads (once) the CA certificates of a PEM file; throws when the file is missing or holds none.</summary>
    public X509Certificate2Collection Authorities(string path) => authorities.GetOrAdd(path, p =>
    {
        var collection = new X509Certificate2Collection();
        collection.ImportFromPemFile(p);
        return collection.Count > 0 ? collection : throw new CryptographicException($"{p} holds no PEM certificate.");
    });

    private string? ProblemOf(TargetOptions target, X509Certificate2 cert, X509Chain? chain, SslPolicyErrors errors, string sha, bool pinApplies)
    {
        var tls = target.Tls;
        if (tls.AllowUntrusted)
        {
            return null;
        }
        if (pinApplies && !string.IsNullOrWhiteSpace(tls.CertificateThumbprint))
        {
            var pinned = Normalize(tls.CertificateThumbprint);
            return pinned == sha ? null : $"its SHA-256 thumbprint {sha} is not the pinned {pinned}";
        }
        if (!string.IsNullOrWhiteSpace(tls.CaCertificate))
        {
            if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
            {
                return "its names do not include the host name of the target's URL";
            }
            using var custom = new X509Chain();
            custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            custom.ChainPolicy.CustomTrustStore.AddRange(Authorities(tls.CaCertificate));
            foreach (var element in chain?.ChainElements.ToArray() ?? [])
            {
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
            return custom.Build(cert)
                ? null
                : $"it does not chain to a CA in {tls.CaCertificate} ({string.Join(", ", custom.ChainStatus.Select(s => s.Status).Distinct())})";
        }
        if (errors == SslPolicyErrors.None)
        {
            return null;
        }
        var statuses = chain?.ChainStatus.Select(s => s.Status.ToString()).Distinct().ToList() ?? [];
        return $"it is not trusted ({errors}{(statuses.Count == 0 ? "" : ": " + string.Join(", ", statuses))})";
    }

    private static string FixFor(TargetOptions target, string sha) =>
        $"If this is the target's own certificate, set {target.ConfigKey}:Tls:CertificateThumbprint={sha} to pin it, " +
        $"or {target.ConfigKey}:Tls:CaCertificate to the PEM file of the CA that issued it ({target.ConfigKey}:Tls:AllowUntrusted=true in a lab only).";
}
