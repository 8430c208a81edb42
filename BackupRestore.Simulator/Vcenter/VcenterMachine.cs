using System.Globalization;

namespace BackupRestore.Simulator.Vcenter;

/// <summary>The appliance's single restore job (vendor-apis.md §2.4): NONE → INPROGRESS → SUCCEEDED | FAILED.</summary>
public sealed class VcenterMachine : TickingMachine
{
    private static readonly string[] Components = ["vpxd", "vsphere-ui", "sps", "vapi-endpoint", "content-library", "eam", "postgres"];
    private static readonly string[] LocationTypes = ["FTP", "HTTP", "FTPS", "HTTPS", "SCP", "SFTP", "NFS", "SMB"];

    private readonly List<VcMessage> messages = [];
    private string state = "NONE";
    private long progress;
    private bool wrongPassword;
    private bool warningsNotIgnored;
    private DateTimeOffset? finishedAt;

    public VcenterMachine(VcenterScenario scenario, TimeProvider time) : base(time, scenario.Tick)
    {
        Scenario = scenario;
        if (scenario.RunningAt is { } at)
        {
            Begin("sftp://backup.lab.local/vcsa/2026-11-21");
            progress = at;
        }
        else if (scenario.StartFailed)
        {
            Begin("sftp://backup.lab.local/vcsa/2026-11-20");
            progress = 10;
            Fail("com.vmware.applmgmt.restore.decrypt_failed", "Decryption of the backup failed: the backup password is wrong.");
            finishedAt = time.GetUtcNow();
        }
    }

    public VcenterScenario Scenario { get; }

    public VcRestoreJobStatus Status() => Read(() => new VcRestoreJobStatus(state, messages.ToList(), progress));

    public VcOutcome Create(VcRestoreRequest? request)
    {
        lock (Gate)
        {
            var now = Catchup();
            if (Invalid(request) is { } invalid)
            {
                return invalid;
            }
            if (state == "INPROGRESS")
            {
                return VcOutcome.Fail(400, "FEATURE_IN_USE", "com.vmware.applmgmt.err_restore_in_progress", "A backup or restore is already in progress.");
            }
            if (state == "SUCCEEDED")
            {
                return VcOutcome.Fail(400, "NOT_ALLOWED_IN_CURRENT_STATE", "com.vmware.applmgmt.err_restore_not_allowed",
                    "Restore is allowed only after deployment and before firstboot.");
            }
            Begin(request!.Location!);
            wrongPassword = request.BackupPassword != Scenario.BackupPassword;
            warningsNotIgnored = Scenario.VersionMismatch && request.IgnoreWarnings != true;
            _ = now;
            return VcOutcome.Ok(new VcRestoreJobStatus(state, messages.ToList(), progress), 201);
        }
    }

    public VcOutcome Cancel()
    {
        lock (Gate)
        {
            Catchup();
            if (state != "INPROGRESS")
            {
                return VcOutcome.Fail(500, "ERROR", "com.vmware.applmgmt.err_no_restore_job", "Generic error: there is no restore job in progress to cancel.");
            }
            Fail("com.vmware.applmgmt.restore.cancelled", "Restore was cancelled by the user.");
            return VcOutcome.Ok(new VcReturnResult("OK", [new VcMessage("com.vmware.applmgmt.restore.cancel_requested", "Cancel requested; the restore job stops.", [])]));
        }
    }

    public VcOutcome Validate(VcRestoreRequest? request)
    {
        lock (Gate)
        {
            Catchup();
            if (Invalid(request) is { } invalid)
            {
                return invalid;
            }
            var warnings = Scenario.VersionMismatch
                ? new List<VcMessage> { new("com.vmware.applmgmt.restore.version_mismatch", "Backup version {0} does not match appliance version {1}.", ["7.0.3.01000", "8.0.2.00100"]) }
                : [];
            return VcOutcome.Ok(new VcMetadata("2026-11-21T02:00:12.000Z", ["common", "seat"], Scenario.VersionMismatch ? "7.0.3.01000" : "8.0.2.00100",
                "vcsa-01.lab.local", "Nightly backup", !Scenario.VersionMismatch, warnings));
        }
    }

    protected override void OnTick(DateTimeOffset at)
    {
        if (state != "INPROGRESS")
        {
            if (Scenario.LoopAfter is { } loop && finishedAt is { } finished && at >= finished + loop)
            {
                Begin("sftp://backup.lab.local/vcsa/2026-11-22");
            }
            return;
        }
        if (warningsNotIgnored)
        {
            Fail("com.vmware.applmgmt.restore.warnings", "Validation warnings were not ignored: backup version {0} does not match appliance version {1}.", "7.0.3.01000", "8.0.2.00100");
            finishedAt = at;
            return;
        }
        progress = Math.Min(100, progress + 5);
        if (wrongPassword && progress >= 10)
        {
            Fail("com.vmware.applmgmt.restore.decrypt_failed", "Decryption of the backup failed: the backup password is wrong.");
            finishedAt = at;
            return;
        }
        if (progress >= 100)
        {
            state = "SUCCEEDED";
            messages.Add(new VcMessage("com.vmware.applmgmt.restore.done", "Restore completed successfully.", []));
            finishedAt = at;
            return;
        }
        if (progress % 15 == 0)
        {
            var index = (int)(progress / 15) % Components.Length;
            messages.Add(new VcMessage("com.vmware.applmgmt.restore.component", "Restoring component {0} ({1} %).",
                [Components[index], progress.ToString(CultureInfo.InvariantCulture)]));
        }
    }

    private void Begin(string location)
    {
        state = "INPROGRESS";
        progress = 0;
        finishedAt = null;
        wrongPassword = warningsNotIgnored = false;
        messages.Clear();
        messages.Add(new VcMessage("com.vmware.applmgmt.restore.started", "Restore started from {0}.", [location]));
    }

    private void Fail(string id, string message, params string[] args)
    {
        state = "FAILED";
        messages.Add(new VcMessage(id, message, args));
    }

    private static VcOutcome? Invalid(VcRestoreRequest? request)
    {
        if (request?.LocationType is not { } type || !LocationTypes.Contains(type))
        {
            return VcOutcome.Fail(400, "INVALID_ARGUMENT", "vapi.bindings.typeconverter.invalid.enum",
                $"location_type must be one of {string.Join(", ", LocationTypes)}.");
        }
        return string.IsNullOrWhiteSpace(request.Location)
            ? VcOutcome.Fail(400, "INVALID_ARGUMENT", "vapi.bindings.typeconverter.missing", "Field location is required.")
            : null;
    }
}
