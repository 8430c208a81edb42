using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace BackupRestore.Simulator;

/// <summary>
/// A self-signed server certificate made at start, like the one an NSX Manager or a vCenter appliance ships with:
/// no public CA vouches for it, so a client trusts it only by pinning it or by trusting it as its own CA.
/// </summary>
public static class SimCertificate
{
    public static X509Certificate2 CreateSelfSigned(string subject = "CN=nsx-manager.sim.local, O=BackupRestore Simulator")
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(names.Build());
        // Its own issuer, as appliances' certificates are: usable as the trust anchor of a CA file.
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyCertSign, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));
    }

    /// <summary>SHA-256 of the certificate, upper-case hex: what a target's <c>Tls:CertificateThumbprint</c> pins.</summary>
    public static string Sha256(X509Certificate2 certificate) => Convert.ToHexString(SHA256.HashData(certificate.RawData));
}
