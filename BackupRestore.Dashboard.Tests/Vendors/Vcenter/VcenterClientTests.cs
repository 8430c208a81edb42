using BackupRestore.Dashboard.Features.Targets;
using BackupRestore.Dashboard.Tests.Infrastructure;
using BackupRestore.Dashboard.Vendors;
using BackupRestore.Dashboard.Vendors.Vcenter;
using BackupRestore.Simulator;
using VcenterScenario = BackupRestore.Simulator.Vcenter.VcenterScenario;

namespace BackupRestore.Dashboard.Tests.Vendors.Vcenter;

/// <summary>The Refit vCenter client (both API forms, session auth) against the simulated appliance over real HTTP.</summary>
public sealed class VcenterClientTests : IAsyncLifetime
{
    private SimulatorHandle sim = default!;
    private VendorClients clients = default!;
    private VcenterCalls client = default!;

    private static readonly VcRestoreRequest Request = new("SFTP", "sftp://backup.lab.local/vcsa", "backup", "loc-secret", "backup-secret", "administrator@vsphere.local", "sso-secret", false);

    public async Task InitializeAsync()
    {
        sim = await SimulatorHandle.StartAsync();
        clients = new VendorClients(sim.Time);
        client = clients.Get<VcenterCalls>();
    }

    public async Task DisposeAsync()
    {
        await clients.DisposeAsync();
        await sim.DisposeAsync();
    }

    [Fact]
    public async Task Reads_the_job_after_a_session_login_and_renews_an_expired_session_once()
    {
        sim.Fleet.AddVcenter("vc", VcenterScenario.Running);
        var target = Target("vc");

        var first = await client.GetJobAsync(target, default);
        sim.Target("vcenter", "vc").Sessions.ExpireAll();
        var second = await client.GetJobAsync(target, default);

        Assert.Equal("INPROGRESS", first.State);
        Assert.Equal(20, first.Progress);
        Assert.Equal("Restore started from sftp://backup.lab.local/vcsa/2026-11-21.", Assert.Single(first.Messages!).Text);
        Assert.Equal("INPROGRESS", second.State);
        Assert.Equal(2, sim.Target("vcenter", "vc").CallLog.Count(c => c == "POST /api/session"));
    }

    [Fact]
    public async Task Falls_back_to_the_rest_api_when_api_answers_404()
    {
        sim.Fleet.AddVcenter("old", VcenterScenario.LegacyRest);
        var target = Target("old");

        var job = await client.GetJobAsync(target, default);
        var result = await client.CancelAsync(target, default);
        var again = await client.GetJobAsync(target, default);

        Assert.Equal("INPROGRESS", job.State);
        Assert.Equal(40, job.Progress);
        Assert.Equal("OK", result.Status);
        Assert.Equal("FAILED", again.State);
        var calls = sim.Target("vcenter", "old").CallLog.ToList();
        Assert.Contains("POST /rest/com/vmware/cis/session", calls);
        Assert.Contains("POST /rest/appliance/recovery/restore/job/cancel", calls);
        Assert.Equal(1, calls.Count(c => c.StartsWith("GET /api/", StringComparison.Ordinal) || c == "POST /api/session"));
    }

    [Fact]
    public async Task Validate_returns_the_metadata_and_create_starts_the_job()
    {
        sim.Fleet.AddVcenter("vc", VcenterScenario.Idle);
        var target = Target("vc");

        var metadata = await client.ValidateAsync(target, Request, default);
        var job = await client.CreateAsync(target, Request, default);
        sim.Time.Advance(VcenterScenario.Idle.Tick * 3);
        var later = await client.GetJobAsync(target, default);

        Assert.True(metadata.Applicable);
        Assert.Equal("8.0.2.00100", metadata.Version);
        Assert.Equal("vcsa-01.lab.local", metadata.Boxname);
        Assert.Equal("INPROGRESS", job.State);
        Assert.Equal(15, later.Progress);
        Assert.Contains(later.Messages!, m => m.Text == "Restoring component vsphere-ui (15 %).");
    }

    [Fact]
    public async Task A_version_mismatch_is_not_applicable_and_a_create_without_ignore_warnings_fails()
    {
        sim.Fleet.AddVcenter("vc", VcenterScenario.VersionMismatchIdle);
        var target = Target("vc");

        var metadata = await client.ValidateAsync(target, Request, default);
        await client.CreateAsync(target, Request, default);
        sim.Time.Advance(VcenterScenario.Idle.Tick);
        var job = await client.GetJobAsync(target, default);

        Assert.False(metadata.Applicable);
        Assert.Equal("Backup version 7.0.3.01000 does not match appliance version 8.0.2.00100.", Assert.Single(metadata.Messages!).Text);
        Assert.Equal("FAILED", job.State);
    }

    [Fact]
    public async Task Errors_carry_the_vapi_error_type_and_messages()
    {
        sim.Fleet.AddVcenter("vc", VcenterScenario.Running);
        var target = Target("vc");

        var busy = await Assert.ThrowsAsync<VendorException>(() => client.CreateAsync(target, Request, default));
        await client.CancelAsync(target, default);
        var nothingToCancel = await Assert.ThrowsAsync<VendorException>(() => client.CancelAsync(target, default));
        var invalid = await Assert.ThrowsAsync<VendorException>(() => client.ValidateAsync(target, Request with { LocationType = "GOPHER" }, default));

        Assert.Equal((400, "FEATURE_IN_USE", true), (busy.Error.HttpStatus, busy.Error.Code, busy.Error.StateConflict));
        Assert.Equal("A backup or restore is already in progress.", busy.Error.Message);
        Assert.Equal((500, "ERROR"), (nothingToCancel.Error.HttpStatus, nothingToCancel.Error.Code));
        Assert.Equal((400, "INVALID_ARGUMENT", false), (invalid.Error.HttpStatus, invalid.Error.Code, invalid.Error.StateConflict));
    }

    [Fact]
    public async Task Wrong_credentials_are_unauthenticated_and_the_password_is_not_in_the_error()
    {
        sim.Fleet.AddVcenter("vc", VcenterScenario.Running);
        var target = Target("vc");
        target.Password = "not-the-password";

        var error = await Assert.ThrowsAsync<VendorException>(() => client.GetJobAsync(target, default));

        Assert.Equal((401, "UNAUTHENTICATED"), (error.Error.HttpStatus, error.Error.Code));
        Assert.DoesNotContain("not-the-password", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Parsing_tolerates_numbers_as_strings_and_unknown_fields()
    {
        sim.Fleet.AddVcenter("vc", VcenterScenario.Running).Quirks = new WireQuirks(NumbersAsStrings: true, UnknownFields: true);

        var job = await client.GetJobAsync(Target("vc"), default);

        Assert.Equal(20, job.Progress);
    }

    private TargetOptions Target(string name) => sim.TargetOptions("vcenter", name);
}
