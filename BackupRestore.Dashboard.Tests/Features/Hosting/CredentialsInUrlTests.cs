using System.Net;
using System.Text.Json;
using BackupRestore.Dashboard.Features.Auth;
using BackupRestore.Dashboard.Features.Hosting;
using BackupRestore.Dashboard.Features.Targets;
using BackupRestore.Dashboard.Tests.Infrastructure;
using BackupRestore.Simulator.Vcenter;
using Microsoft.Extensions.Options;

namespace BackupRestore.Dashboard.Tests.Features.Hosting;

/// <summary>User names and passwords inside URLs: refused in configuration, redacted wherever else a URL goes.</summary>
public sealed class CredentialsInUrlTests
{
    private const string UrlPassword = "Url-Passw0rd-77";

    [Theory]
    [InlineData("sftp://bob:pw@host/x", "sftp://[redacted]@host/x")]
    [InlineData("Restore started from sftp://bob:p@ss@backup.example/vcsa.", "Restore started from sftp://[redacted]@backup.example/vcsa.")]
    [InlineData("https://token@github.example/repo and http://a:b@c/", "https://[redacted]@github.example/repo and http://[redacted]@c/")]
    [InlineData("GET http://127.0.0.1:5000/wall?token=brd_abcdefghijkl&system=nsx", "GET http://127.0.0.1:5000/wall?token=[redacted]&system=nsx")]
    [InlineData("/hub?id=1&access_token=xyz.abc", "/hub?id=1&access_token=[redacted]")]
    [InlineData("Bearer brd_0123456789abcdef", "Bearer brd_[redacted]")]
    [InlineData("sftp://backup.example/vcsa (user bob@example.com)", "sftp://backup.example/vcsa (user bob@example.com)")]
    public void The_one_redaction_rule(string text, string expected) => Assert.Equal(expected, Redaction.Apply(text));

    [Fact]
    public void A_base_url_with_credentials_stops_the_start_naming_the_key_and_where_credentials_go()
    {
        var target = new TargetOptions { Name = "nsx1", System = "nsx", BaseUrl = $"https://admin:{UrlPassword}@nsx.example.com", UserName = "admin", Password = "x" };

        var error = Assert.Throws<OptionsValidationException>(() => DashboardApp.Start([target]));

        var failure = Assert.Single(error.Failures);
        Assert.Equal("Targets:0:BaseUrl 'https://[redacted]@nsx.example.com' contains a user name or password. Remove it from the URL and put the credentials in Targets:0:UserName and Targets:0:Password.", failure);
    }

    [Fact]
    public async Task A_vcenter_location_with_credentials_is_redacted_in_the_audit_the_api_and_the_logs()
    {
        await using var sim = await SimulatorHandle.StartAsync();
        sim.Fleet.AddVcenter("vc", VcenterScenario.Idle);
        await using var app = DashboardApp.Start([sim.TargetOptions("vcenter", "vc", TimeSpan.FromMilliseconds(200))]);
        await app.WaitForOperationAsync("vc:restore-job");
        using var api = await app.ApiClientAsync(Roles.Admin);

        await api.PostJsonAsync("/api/targets/vc/actions/create",
            new { location_type = "SFTP", location = $"sftp://bob:{UrlPassword}@backup.example/vcsa", backup_password = "Backup-Passw0rd-1" }, HttpStatusCode.OK);
        await app.WaitForOperationAsync("vc:restore-job", f => f.Message?.Contains("backup.example", StringComparison.Ordinal) == true);
        var audit = await api.GetStringAsync("/api/audit?target=vc");
        var operations = await api.GetStringAsync("/api/operations");
        // Pages render what the store holds (the operations above) and the audit (above), on their circuits.
        var pages = Array.Empty<string>();

        Assert.Equal("sftp://[redacted]@backup.example/vcsa", JsonDocument.Parse(audit).RootElement[0].GetProperty("parameters").Text("location"));
        Assert.Contains("sftp://[redacted]@backup.example/vcsa", operations, StringComparison.Ordinal);
        foreach (var text in pages.Append(audit).Append(operations).Concat(app.Logs.Lines))
        {
            Assert.DoesNotContain(UrlPassword, text, StringComparison.Ordinal);
        }
    }
}
