using BackupRestore.Dashboard.Features.Actions;
using BackupRestore.Dashboard.Features.Auth;
using BackupRestore.Dashboard.Features.Targets;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace BackupRestore.Dashboard.Vendors.GeminiDb;

/// <summary>
/// Reads the instances from GeminiDB (again whenever the page reads what the target offers, because an instance that
/// starts a backup is no longer free) and sends <c>backup</c> through the circuit's executor.
/// </summary>
public sealed partial class GeminiDbBackupForm : IDisposable
{
    private const string Action = "backup";
    private const string NameHelp = "4 to 64 characters: a letter first, then letters, digits, - and _";
    private const string DescriptionHelp = "At most 256 characters, without > ! < \" & ' =";
    private readonly CancellationTokenSource stop = new();
    private MudForm? form;
    private List<GdbInstanceChoice>? instances;
    private string? instancesError;
    private IReadOnlyList<string>? loadedFor;
    private string? instanceId;
    private string? name;
    private string? description;

    [Inject] private VendorRegistry Vendors { get; set; } = default!;

    [Inject] private ActionExecutor Executor { get; set; } = default!;

    [CascadingParameter] private DashboardUser User { get; set; } = DashboardUser.Anonymous;

    [Parameter, EditorRequired] public TargetOptions Target { get; set; } = default!;

    /// <summary>The target-level actions GeminiDB offers now (a new list each time the page read them).</summary>
    [Parameter] public IReadOnlyList<string> Offered { get; set; } = [];

    protected override void OnInitialized() => Executor.Changed += OnExecutorChanged;

    protected override async Task OnParametersSetAsync()
    {
        if (!User.CanAct || !Offered.Contains(Action) || ReferenceEquals(loadedFor, Offered))
        {
            return;
        }
        loadedFor = Offered;
        try
        {
            var connector = (GeminiDbConnector)Vendors.Get(GeminiDbConnector.SystemName);
            instances = GeminiDbConnector.FreeInstances(await connector.InstancesAsync(Target, stop.Token));
            instancesError = null;
            if (instanceId is not null && instances.All(i => i.Id != instanceId))
            {
                instanceId = null;
            }
            instanceId ??= instances.Count == 1 ? instances[0].Id : null;
        }
        catch (Exception e) when (!stop.IsCancellationRequested)
        {
            instancesError = Features.Polling.TargetPoller.Describe(e);
        }
        catch (OperationCanceledException)
        {
            // The page went away.
        }
    }

    private string InstanceLabel(string? id) =>
        instances?.FirstOrDefault(i => i.Id == id) is { } instance ? $"{instance.Name} · {instance.Id}" : id ?? "";

    private async Task CreateAsync()
    {
        await form!.ValidateAsync();
        if (!form.IsValid)
        {
            return;
        }
        var input = new ActionInput(Action, null, new Dictionary<string, string[]>
        {
            ["instance_id"] = [instanceId!],
            ["name"] = [name!.Trim()],
            ["description"] = [description ?? ""],
        });
        var outcome = await Executor.RunOnTargetAsync(Target.System, Target.Name, Action, () => Task.FromResult<ActionInput?>(input));
        if (outcome?.Kind == ActionResultKind.Succeeded)
        {
            // A new backup is a new name; the instance list follows when the page reads the target again.
            name = null;
            description = null;
            await form.ResetValidationAsync();
        }
    }

    private void OnExecutorChanged(string subject)
    {
        if (subject == Target.Name)
        {
            _ = InvokeAsync(StateHasChanged);
        }
    }

    public void Dispose()
    {
        Executor.Changed -= OnExecutorChanged;
        stop.Cancel();
        stop.Dispose();
    }
}
