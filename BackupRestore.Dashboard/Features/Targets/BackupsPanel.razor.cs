using BackupRestore.Dashboard.Features.Actions;
using BackupRestore.Dashboard.Features.Auth;
using BackupRestore.Dashboard.Vendors;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace BackupRestore.Dashboard.Features.Targets;

/// <summary>
/// Lists the target's backups with the filters of the URL, reads them again when asked (the target's operations
/// changed, or an action from here ended), and runs backup actions through the circuit's <see cref="ActionExecutor"/>
/// with the system's dialog (<see cref="IBackupCatalog.BackupActionForm"/>) as the question.
/// </summary>
public sealed partial class BackupsPanel : ComponentBase, IDisposable
{
    private static readonly int[] PageSizes = [25, 50, 100];
    private static readonly DialogOptions DialogOptions = new() { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true };

    private readonly CancellationTokenSource stop = new();
    private IReadOnlyList<BackupItem>? backups;
    private string? error;
    private BackupQuery query = BackupQuery.All;
    private (BackupQuery Query, int Refresh)? loadedFor;
    private string? lastSubject;

    [Inject] private VendorRegistry Vendors { get; set; } = default!;

    [Inject] private ActionExecutor Executor { get; set; } = default!;

    [Inject] private IDialogService Dialogs { get; set; } = default!;

    [Inject] private NavigationManager Navigation { get; set; } = default!;

    [CascadingParameter] private DashboardUser User { get; set; } = DashboardUser.Anonymous;

    [Parameter, EditorRequired] public TargetOptions Target { get; set; } = default!;

    [Parameter] public string? Status { get; set; }

    [Parameter] public string? ResourceType { get; set; }

    [Parameter] public string? Search { get; set; }

    /// <summary>Changes when the page wants the backups read again.</summary>
    [Parameter] public int Refresh { get; set; }

    private IVendorConnector Connector => Vendors.Get(Target.System);

    private IBackupCatalog? Catalog => Connector as IBackupCatalog;

    /// <summary>Operators get the actions, when the system has a dialog for them.</summary>
    private bool CanAct => User.CanAct && Catalog?.BackupActionForm is not null;

    private string Title => Target.System switch
    {
        "nsx" => "Backups to restore from (backuptimestamps)",
        "geminidb" => "Completed backups",
        _ => "Backups to restore from",
    };

    protected override void OnInitialized() => Executor.Changed += OnExecutorChanged;

    protected override async Task OnParametersSetAsync()
    {
        query = new BackupQuery(Blank(Status), Blank(ResourceType), Blank(Search));
        if (loadedFor != (query, Refresh))
        {
            loadedFor = (query, Refresh);
            await LoadAsync();
        }
    }

    private async Task LoadAsync()
    {
        if (Catalog is not { } catalog)
        {
            return;
        }
        try
        {
            backups = await catalog.ListBackupsAsync(Target, query, stop.Token);
            error = null;
        }
        catch (Exception e) when (!stop.IsCancellationRequested)
        {
            error = Polling.TargetPoller.Describe(e);
        }
        catch (OperationCanceledException)
        {
            // The page went away.
        }
    }

    private Task FilterAsync(BackupQuery next)
    {
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(new Dictionary<string, object?>
        {
            ["status"] = next.Status,
            ["resource_type"] = next.ResourceType,
            ["search"] = next.Name,
        }));
        return Task.CompletedTask;
    }

    private string Subject(BackupItem backup) => $"{Target.Name}|{backup.Id}";

    private async Task RunAsync(BackupItem backup, string action)
    {
        lastSubject = Subject(backup);
        var outcome = await Executor.RunOnBackupAsync(Target.System, Target.Name, backup, action, () => AskAsync(backup, action));
        if (outcome is not null)
        {
            // A restore changes the backup's status (restoring, waiting_restore) and what it offers.
            await LoadAsync();
        }
    }

    /// <summary>The system's dialog collects the input and the confirmation; null when the operator backs out.</summary>
    private async Task<ActionInput?> AskAsync(BackupItem backup, string action)
    {
        if (Catalog?.BackupActionForm is not { } form)
        {
            return null;
        }
        var parameters = new DialogParameters { ["Target"] = Target, ["Backup"] = backup };
        if (form.GetProperty("Backups") is not null)
        {
            // The other backups of the list: where a restore may go instead (CBR's other servers and volumes).
            parameters.Add("Backups", backups ?? []);
        }
        var dialog = await Dialogs.ShowAsync(form, Connector.Describe(action).Label, parameters, DialogOptions);
        return await dialog.Result is { Canceled: false, Data: ActionInput input } ? input : null;
    }

    private void OnExecutorChanged(string subject)
    {
        if (subject.StartsWith(Target.Name + "|", StringComparison.Ordinal))
        {
            _ = InvokeAsync(StateHasChanged);
        }
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    public void Dispose()
    {
        Executor.Changed -= OnExecutorChanged;
        stop.Cancel();
        stop.Dispose();
    }
}
