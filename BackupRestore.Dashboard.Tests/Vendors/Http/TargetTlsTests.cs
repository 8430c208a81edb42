using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using BackupRestore.Dashboard.Features.Polling;
using BackupRestore.Dashboard.Features.Targets;
using BackupRestore.Dashboard.Tests.Infrastructure;
using BackupRestore.Simulator;
using BackupRestore.Simulator.Nsx;
using Microsoft.Extensions.Time.Testing;

namespace BackupRestore.Dashboard.Tests.Vendors.Http;

/// <summary>
/// Appliances with self-signed certificates (the simulator over HTTPS): trust per target by pin, by CA file or (labs)
/// not at all, each on its own connection pool; an untrusted certificate is a clear target error naming the key to
/// set, and the other targets keep updating.
/// </summary>
public sealed class TargetTlsTests : IAsyncLifetime
{
    private readonly FakeTimeProvider clock = new(DateTimeOffset.UtcNow);
    private readonly string caFile = Path.Combine(Path.GetTempPath(), $"brd-ca-{Guid.NewGuid():n}.pem");
    private X509Certificate2 certificate = default!;
    private SimulatorHandle https = default!;
    private SimulatorHandle plain = default!;
    private DashboardApp app = default!;
    private HttpClient http = default!;

    private string Sha256 => SimCertificate.Sha256(certificate);

    public async Task InitializeAsync()
    {
        certificate = SimCertificate.CreateSelfSigned();
        await File.WriteAllTextAsync(caFile, certificate.ExportCertificatePem());
        https = await SimulatorHandle.StartAsync(certificate);
        plain = await SimulatorHandle.StartAsync();
        foreach (var name in new[] { "pinned", "wrong-pin", "ca-file", "lab", "untrusted" })
        {
            https.AddNsx(name, NsxScenario.RunsToSuccess);
        }
        plain.AddNsx("plain", NsxScenario.RunsToSuccess);
        var wrong = new string('A', 64);
        app = DashboardApp.Start(
        [
            With(https.TargetOptions("nsx", "pinned"), t => t.CertificateThumbprint = string.Join(':', Sha256.Chunk(2).Select(c => new string(c))).ToLowerInvariant()),
            With(https.TargetOptions("nsx", "wrong-pin"), t => t.CertificateThumbprint = wrong),
            With(https.TargetOptions("nsx", "ca-file"), t => t.CaCertificate = caFile),
            With(https.TargetOptions("nsx", "lab"), t => t.AllowUntrusted = true),
            https.TargetOptions("nsx", "untrusted"),
            plain.TargetOptions("nsx", "plain"),
        ], clock);
        http = await app.ApiClientAsync();
        foreach (var poller in app.Get<TargetPollers>().All)
        {
            await poller.PollOnceAsync(default);
        }
    }

    public async Task DisposeAsync()
    {
        http.Dispose();
        await app.DisposeAsync();
        await https.DisposeAsync();
        await plain.DisposeAsync();
        certificate.Dispose();
        File.Delete(caFile);
    }

    [Fact]
    public async Task A_pinned_thumbprint_and_a_ca_file_are_trusted_for_their_target_only()
    {
        var targets = await TargetsAsync();

        Assert.True(targets["pinned"].GetProperty("reachable").GetBoolean(), targets["pinned"].ToString());
        Assert.True(targets["ca-file"].GetProperty("reachable").GetBoolean(), targets["ca-file"].ToString());
        Assert.Equal(Sha256, targets["pinned"].GetProperty("certificate").Text("sha256"));
        Assert.True(targets["pinned"].GetProperty("certificate").GetProperty("trusted").GetBoolean());
        Assert.Equal(JsonValueKind.Null, targets["pinned"].GetProperty("tlsWarning").ValueKind);
        Assert.False(targets["untrusted"].GetProperty("reachable").GetBoolean());
    }

    [Fact]
    public async Task A_wrong_pin_is_refused_with_the_thumbprint_seen()
    {
        var target = (await TargetsAsync())["wrong-pin"];

        Assert.False(target.GetProperty("reachable").GetBoolean());
        Assert.Contains($"its SHA-256 thumbprint {Sha256} is not the pinned {new string('A', 64)}", target.Text("lastError"), StringComparison.Ordinal);
        Assert.False(target.GetProperty("certificate").GetProperty("trusted").GetBoolean());
    }

    [Fact]
    public async Task Allow_untrusted_works_and_is_flagged_on_health_and_in_the_log_at_start()
    {
        var target = (await TargetsAsync())["lab"];

        Assert.True(target.GetProperty("reachable").GetBoolean(), target.ToString());
        Assert.Contains("Targets:3:Tls:AllowUntrusted=true", target.Text("tlsWarning"), StringComparison.Ordinal);
        Assert.Contains(app.Logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("lab: TLS certificate checks are OFF", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_untrusted_certificate_is_a_clear_target_error_and_the_other_targets_keep_updating()
    {
        await using var browser = await app.ListenAsync();
        var target = (await TargetsAsync())["untrusted"];
        plain.Target("nsx", "plain").MachineAs<NsxMachine>().CompleteCurrentStep();
        clock.Advance(TimeSpan.FromSeconds(5));
        await browser.WaitForAsync(f => f.Id == "plain:cluster-restore" && f.Step?.Number == 3);

        var error = target.Text("lastError");
        Assert.False(target.GetProperty("reachable").GetBoolean());
        Assert.Contains("CN=nsx-manager.sim.local", error, StringComparison.Ordinal);
        Assert.Contains(certificate.NotAfter.ToUniversalTime().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), error, StringComparison.Ordinal);
        Assert.Contains($"SHA-256 {Sha256}", error, StringComparison.Ordinal);
        Assert.Contains($"set Targets:4:Tls:CertificateThumbprint={Sha256}", error, StringComparison.Ordinal);
        Assert.Contains("Targets:4:Tls:CaCertificate", error, StringComparison.Ordinal);
        Assert.Contains("not trusted", target.GetProperty("certificate").Text("problem"), StringComparison.Ordinal);
        Assert.True((await TargetsAsync())["plain"].GetProperty("reachable").GetBoolean());
    }

    private async Task<Dictionary<string, JsonElement>> TargetsAsync() =>
        (await http.GetJsonAsync("/api/targets")).EnumerateArray().ToDictionary(t => t.Text("name"));

    private static TargetOptions With(TargetOptions target, Action<TlsOptions> tls)
    {
        tls(target.Tls);
        return target;
    }
}
