using BackupRestore.Dashboard.Features.Actions;
using BackupRestore.Dashboard.Features.Auth;
using BackupRestore.Dashboard.Features.Targets;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace BackupRestore.Dashboard.Vendors.Vcenter;

/// <summary>
/// Builds the RestoreRequest from the form and sends <c>validate</c> or <c>create</c> through the circuit's executor
/// (the server checks again that the appliance offers it). Whatever was sent, the passwords are forgotten after.
/// </summary>
public sealed partial class VcenterRestoreForm : IDisposable
{
    private MudForm? form;
    private string? locationType = "SFTP";
    private string? location;
    private string? locationUser;
    private string? locationPassword;
    private string? backupPassword;
    private string? ssoUser;
    private string? ssoPassword;
    private bool ignoreWarnings;

    [Inject] private ActionExecutor Executor { get; set; } = default!;

    [Inject] private VendorRegistry Vendors { get; set; } = default!;

    [CascadingParameter] private DashboardUser User { get; set; } = DashboardUser.Anonymous;

    [Parameter, EditorRequired] public TargetOptions Target { get; set; } = default!;

    /// <summary>What the appliance offers now: validate and create while no job runs (NONE, or FAILED before firstboot).</summary>
    [Parameter] public IReadOnlyList<string> Offered { get; set; } = [];

    private bool CanValidate => Offered.Contains("validate");

    private bool CanCreate => Offered.Contains("create");

    private bool Busy => Executor.IsRunning(Target.Name, "validate") || Executor.IsRunning(Target.Name, "create");

    protected override void OnInitialized() => Executor.Changed += OnExecutorChanged;

    private async Task ValidateAsync()
    {
        if (await IsValidAsync())
        {
            await SendAsync("validate", () => Task.FromResult<ActionInput?>(Input("validate")));
        }
    }

    private async Task CreateAsync()
    {
        if (!await IsValidAsync())
        {
            return;
        }
        var spec = Vendors.Get(Target.System).Describe("create");
        var confirmation = spec with
        {
            Confirmation = $"{spec.Confirmation} Backup: {locationType} {location}. The job runs until it succeeds or fails; a cancel leaves the appliance partly restored.",
        };
        await SendAsync("create", async () => await Executor.ConfirmAsync(Target.Name, confirmation) ? Input("create") : null);
    }

    private async Task<bool> IsValidAsync()
    {
        await form!.ValidateAsync();
        return form.IsValid;
    }

    /// <summary>Runs the action; once the input has left (confirmed), the password fields are emptied.</summary>
    private async Task SendAsync(string action, Func<Task<ActionInput?>> ask)
    {
        var sent = false;
        await Executor.RunOnTargetAsync(Target.System, Target.Name, action, async () =>
        {
            var input = await ask();
            sent = input is not null;
            return input;
        });
        if (sent)
        {
            locationPassword = backupPassword = ssoPassword = null;
        }
    }

    private ActionInput Input(string action) => new(action, null, new Dictionary<string, string[]>
    {
        ["location_type"] = [locationType ?? ""],
        ["location"] = [location?.Trim() ?? ""],
        ["location_user"] = [locationUser ?? ""],
        ["location_password"] = [locationPassword ?? ""],
        ["backup_password"] = [backupPassword ?? ""],
        ["sso_admin_user_name"] = [ssoUser ?? ""],
        ["sso_admin_user_password"] = [ssoPassword ?? ""],
        ["ignore_warnings"] = [ignoreWarnings ? "true" : "false"],
    });

    private void OnExecutorChanged(string subject)
    {
        if (subject == Target.Name)
        {
            _ = InvokeAsync(StateHasChanged);
        }
    }

    public void Dispose() => Executor.Changed -= OnExecutorChanged;
}
