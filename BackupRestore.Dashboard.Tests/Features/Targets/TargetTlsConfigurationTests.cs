using BackupRestore.Dashboard.Features.Targets;
using BackupRestore.Dashboard.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace BackupRestore.Dashboard.Tests.Features.Targets;

/// <summary><c>Targets:N:Tls:*</c> is checked at start: each message names the key and says what to fix.</summary>
public sealed class TargetTlsConfigurationTests
{
    private static TargetOptions Nsx(string baseUrl = "https://nsx.example.com") => new()
    {
        Name = "nsx", System = "nsx", BaseUrl = baseUrl, UserName = "admin", Password = "x",
    };

    [Theory]
    [InlineData("Tls:CertificateThumbprint", "12:AB", "Targets:0:Tls:CertificateThumbprint '12:AB' is not a SHA-256 thumbprint")]
    [InlineData("Tls:CaCertificate", "/no/such/ca.pem", "Targets:0:Tls:CaCertificate '/no/such/ca.pem' does not exist")]
    [InlineData("Tls:AllowUntrusted", "maybe", "Targets:0:Tls:AllowUntrusted 'maybe' is not true or false")]
    [InlineData("Tls:Pin", "x", "Targets:0:Tls:Pin is not a known key. Known keys: CertificateThumbprint, CaCertificate, AllowUntrusted")]
    public void A_tls_setting_that_cannot_work_stops_the_start_naming_the_key(string key, string value, string expected)
    {
        var error = Assert.Throws<OptionsValidationException>(() =>
            DashboardApp.Start([Nsx()], settings: new Dictionary<string, string?> { [$"Targets:0:{key}"] = value }));

        Assert.Contains(error.Failures, f => f.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Tls_settings_on_a_plain_http_target_or_allow_untrusted_beside_a_pin_are_refused()
    {
        var error = Assert.Throws<OptionsValidationException>(() => DashboardApp.Start([Nsx("http://nsx.example.com")], settings: new Dictionary<string, string?>
        {
            ["Targets:0:Tls:AllowUntrusted"] = "true",
            ["Targets:0:Tls:CertificateThumbprint"] = new string('a', 64),
        }));

        Assert.Contains(error.Failures, f => f.StartsWith("Targets:0:Tls:* is set but Targets:0:BaseUrl 'http://nsx.example.com' is not https", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Targets:0:Tls:AllowUntrusted=true turns every check off", StringComparison.Ordinal));
    }
}
