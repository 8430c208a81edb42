using System.Globalization;
using BackupRestore.Dashboard.Features.Operations;
using BackupRestore.Dashboard.Features.Targets;

namespace BackupRestore.Dashboard.Vendors.Vcenter;

public sealed record VcCardDetails(IReadOnlyList<string> Messages);

/// <summary>
/// vCenter appliance restore: the appliance's single job is one operation (idle while NONE). validate and create
/// are target-level actions offered while no job runs (NONE, or FAILED before firstboot); cancel while INPROGRESS.
/// </summary>
internal sealed class VcenterConnector(VcenterCalls client) : IVendorConnector, ITargetActions
{
    public const string SystemName = "vcenter";
    public static readonly string[] LocationTypes = ["FTP", "HTTP", "FTPS", "HTTPS", "SCP", "SFTP", "NFS", "SMB"];

    public string System => SystemName;

    public Type? CardBody => typeof(VcenterCard);

    public Type? TargetActionForm => typeof(VcenterRestoreForm);

    public ActionSpec Describe(string action) => action switch
    {
        "cancel" => new("cancel", "Cancel restore job", Destructive: true, "Cancel the restore job? The appliance is left partly restored and must be deployed again."),
        "validate" => new("validate", "Validate backup", Destructive: false, HasForm: true),
        "create" => new("create", "Create restore job", Destructive: true, "Restore the appliance from this backup now?", HasForm: true),
        _ => new(action, action, Destructive: true),
    };

    public IEnumerable<string> Validate(TargetOptions target, string key) => [];

    /// <summary>The job is the target's only read: nothing is optional.</summary>
    public async Task<TargetRead> PollAsync(TargetOptions target, CancellationToken cancellationToken) =>
        TargetRead.Of([ToOperation(target, await client.GetJobAsync(target, cancellationToken))]);

    internal static Operation ToOperation(TargetOptions target, VcRestoreJobStatus job)
    {
        var messages = (job.Messages ?? []).Select(m => m.Text).ToList();
        return new Operation
            {
                Id = $"{target.Name}:restore-job",
                Target = target.Name,
                System = SystemName,
                Kind = "restore",
                Subject = "appliance restore job",
                State = job.State switch
                {
                    "NONE" => OperationState.Idle,
                    "INPROGRESS" => OperationState.Running,
                    "SUCCEEDED" => OperationState.Succeeded,
                    "FAILED" => OperationState.Failed,
                    _ => OperationState.Unknown,
                },
                VendorStatus = job.State ?? "UNKNOWN",
                Progress = job.State == "NONE" || job.Progress is null ? null : (int)Math.Clamp(job.Progress.Value, 0, 100),
                Actions = ActionsIn(job.State),
                Message = messages.LastOrDefault(),
                Details = new VcCardDetails(messages),
            };
    }

    public async Task<ActionResultInfo> ExecuteAsync(TargetOptions target, Operation operation, ActionInput input, CancellationToken cancellationToken)
    {
        if (input.Action != "cancel")
        {
            throw new ActionInputException($"Use the restore form for '{input.Action}'.");
        }
        var result = await client.CancelAsync(target, cancellationToken);
        var messages = (result.Messages ?? []).Select(m => m.Text).ToList();
        if (result.Status == "FAIL")
        {
            throw new VendorException("vCenter", new VendorError(200, "FAIL", messages.Count == 0 ? "The cancel failed." : string.Join(" ", messages)));
        }
        return new ActionResultInfo(operation.Id, [new Fact("Cancel result", result.Status ?? "?")], messages);
    }

    public async Task<IReadOnlyList<string>> OfferedAsync(TargetOptions target, CancellationToken cancellationToken) =>
        ActionsIn((await client.GetJobAsync(target, cancellationToken)).State).Where(a => a != "cancel").ToList();

    public async Task<ActionResultInfo> ExecuteTargetActionAsync(TargetOptions target, ActionInput input, CancellationToken cancellationToken)
    {
        var request = RequestOf(input);
        switch (input.Action)
        {
            case "validate":
                var metadata = await client.ValidateAsync(target, request, cancellationToken);
                return new ActionResultInfo(null,
                [
                    new Fact("Applicable", metadata.Applicable switch { true => "yes", false => "no", _ => "not stated" }),
                    new Fact("Version", metadata.Version ?? "?"),
                    new Fact("Box name", metadata.Boxname ?? "?"),
                    new Fact("Backup taken", metadata.Timestamp ?? "?"),
                    new Fact("Parts", string.Join(", ", metadata.Parts ?? [])),
                    new Fact("Comment", metadata.Comment ?? ""),
                ], (metadata.Messages ?? []).Select(m => m.Text).ToList());
            case "create":
                var job = await client.CreateAsync(target, request, cancellationToken);
                return new ActionResultInfo($"{target.Name}:restore-job", [new Fact("Job state", job.State ?? "?")], []);
            default:
                throw new ActionInputException($"vCenter targets have no action '{input.Action}'.");
        }
    }

    /// <summary>NONE, or FAILED (still before firstboot): a restore can be validated and created. INPROGRESS: cancel.</summary>
    private static IReadOnlyList<string> ActionsIn(string? state) => state switch
    {
        "NONE" or "FAILED" => ["validate", "create"],
        "INPROGRESS" => ["cancel"],
        _ => [],
    };

    /// <summary>The RestoreRequest from the form or JSON; its passwords go to vCenter and nowhere else.</summary>
    private static VcRestoreRequest RequestOf(ActionInput input)
    {
        var type = input.Value("location_type")?.Trim().ToUpper(CultureInfo.InvariantCulture);
        if (type is null || !LocationTypes.Contains(type))
        {
            throw new ActionInputException($"Choose the location type: one of {string.Join(", ", LocationTypes)}.");
        }
        var location = input.Value("location")?.Trim();
        if (string.IsNullOrEmpty(location))
        {
            throw new ActionInputException("Give the backup location (a path or URL).");
        }
        static string? Blank(string? value) => string.IsNullOrEmpty(value) ? null : value;
        return new VcRestoreRequest(type, location, Blank(input.Value("location_user")), Blank(input.Value("location_password")),
            Blank(input.Value("backup_password")), Blank(input.Value("sso_admin_user_name")), Blank(input.Value("sso_admin_user_password")),
            input.Flag("ignore_warnings") ?? false);
    }
}
