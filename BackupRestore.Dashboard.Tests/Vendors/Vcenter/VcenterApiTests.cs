using System.Net;
using BackupRestore.Dashboard.Tests.Infrastructure;
using BackupRestore.Simulator.Vcenter;
using Microsoft.Extensions.Time.Testing;

namespace BackupRestore.Dashboard.Tests.Vendors.Vcenter;

/// <summary>vCenter through the running app's JSON API: validate, create, cancel, refusals, and secrets kept secret.</summary>
public sealed class VcenterApiTests : IAsyncLifetime
{
    private const string Secret = "Backup-Pa55-word!";
    private SimulatorHandle sim = default!;
    private DashboardApp app = default!;
    private HttpClient http = default!;

    private static object Request(string backupPassword = Secret) => new
    {
        location_type = "SFTP", location = "sftp://backup.lab.local/vcsa", location_user = "backup", location_password = Secret,
        backup_password = backupPassword, sso_admin_user_name = "administrator@vsphere.local", sso_admin_user_password = Secret, ignore_warnings = false,
    };

    public async Task InitializeAsync()
    {
        sim = await SimulatorHandle.StartAsync();
        sim.Fleet.AddVcenter("vc", VcenterScenario.Idle with { BackupPassword = Secret });
        app = DashboardApp.Start([sim.TargetOptions("vcenter", "vc")], new FakeTimeProvider(DateTimeOffset.UtcNow));
        http = await app.ApiClientAsync();
        await app.WaitForOperationAsync("vc:restore-job");
    }

    public async Task DisposeAsync()
    {
        http.Dispose();
        await app.DisposeAsync();
        await sim.DisposeAsync();
    }

    [Fact]
    public async Task Validate_returns_the_metadata_then_create_starts_the_job_and_cancel_returns_the_result()
    {
        var validated = await http.PostJsonAsync("/api/targets/vc/actions/validate", Request(), HttpStatusCode.OK);
        var created = await http.PostJsonAsync("/api/targets/vc/actions/create", Request(), HttpStatusCode.OK);
        var cancelled = await http.PostJsonAsync("/api/operations/vc:restore-job/actions/cancel", null, HttpStatusCode.OK);

        var facts = validated.GetProperty("facts").EnumerateArray().ToDictionary(f => f.Text("label"), f => f.Text("value"));
        Assert.Equal(("yes", "8.0.2.00100", "vcsa-01.lab.local"), (facts["Applicable"], facts["Version"], facts["Box name"]));
        Assert.Equal("INPROGRESS", created.GetProperty("operation").Text("vendorStatus"));
        Assert.Equal(["cancel"], created.GetProperty("operation").GetProperty("actions").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal("FAILED", cancelled.Text("vendorStatus"));
        Assert.Equal("Restore was cancelled by the user.", cancelled.Text("message"));
    }

    [Fact]
    public async Task Create_while_a_job_runs_is_refused_without_a_backend_call()
    {
        await http.PostJsonAsync("/api/targets/vc/actions/create", Request(), HttpStatusCode.OK);
        var before = sim.ActionCalls("vcenter", "vc").Count;

        var refused = await http.PostJsonAsync("/api/targets/vc/actions/create", Request(), HttpStatusCode.Conflict);

        Assert.Contains("does not offer it now", refused.Text("error"), StringComparison.Ordinal);
        Assert.Equal(before, sim.ActionCalls("vcenter", "vc").Count);
    }

    [Fact]
    public async Task An_invalid_request_is_refused_by_the_dashboard_before_vcenter_sees_it()
    {
        var invalid = await http.PostJsonAsync("/api/targets/vc/actions/validate", new { location_type = "GOPHER", location = "x" }, HttpStatusCode.BadRequest);

        Assert.Contains("location type", invalid.Text("error"), StringComparison.Ordinal);
        Assert.Empty(sim.ActionCalls("vcenter", "vc"));
    }

    [Fact]
    public async Task A_wrong_backup_password_fails_the_job_and_no_password_appears_in_any_answer()
    {
        var created = await http.PostJsonAsync("/api/targets/vc/actions/create", Request("wrong-password"), HttpStatusCode.OK);
        sim.Time.Advance(VcenterScenario.Idle.Tick * 2);
        var failed = await http.PostJsonAsync("/api/targets/vc/actions/validate", Request(), HttpStatusCode.OK);
        var operations = await http.GetStringAsync("/api/operations");
        var page = await http.GetStringAsync("/targets/vc");

        Assert.Contains("Decryption of the backup failed", operations, StringComparison.Ordinal);
        foreach (var text in new[] { created.GetRawText(), failed.GetRawText(), operations, page })
        {
            Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
            Assert.DoesNotContain("wrong-password", text, StringComparison.Ordinal);
        }
    }
}
