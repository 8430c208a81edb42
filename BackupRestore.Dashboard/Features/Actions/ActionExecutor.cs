using System.Security.Cryptography;
using System.Text;
using BackupRestore.Dashboard.Features.Auth;
using BackupRestore.Dashboard.Features.Operations;
using BackupRestore.Dashboard.Vendors;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace BackupRestore.Dashboard.Features.Actions;

/// <summary>
/// A circuit's way to act: one action per subject and name at a time (a second click makes no call), a dialog that
/// names the target and the consequence before anything destructive, the shared <see cref="IOperationActions"/>
/// (which reads the backend again and refuses what it no longer offers), and the outcome as a snackbar and on the
/// card. Runs on the circuit's dispatcher, so its state needs no locks.
/// </summary>
public sealed class ActionExecutor(
    IOperationActions actions,
    IDialogService dialogs,
    ISnackbar snackbar,
    VendorRegistry vendors,
    CircuitSession session,
    AuthenticationStateProvider authentication)
{
    private const int KeptOutcomes = 50;
    private readonly HashSet<string> running = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ActionOutcome> outcomes = new(StringComparer.Ordinal);

    /// <summary>Raised with the subject (operation id, or target name) when an action starts or ends.</summary>
    public event Action<string>? Changed;

    public bool IsRunning(string subject, string action) => running.Contains(Key(subject, action));

    /// <summary>The last outcome of an action on this subject in this circuit, shown on its card.</summary>
    public ActionOutcome? LastOutcome(string subject) => outcomes.GetValueOrDefault(subject);

    public void Dismiss(string subject)
    {
        if (outcomes.Remove(subject))
        {
            Changed?.Invoke(subject);
        }
    }

    /// <summary>
    /// Runs <paramref name="action"/> on <paramref name="operation"/>. <paramref name="ask"/> collects the input and
    /// the confirmation itself (a vendor's dialog) and returns null when the operator backs out; without it a
    /// destructive action is confirmed with the standard dialog.
    /// </summary>
    public Task<ActionOutcome?> RunAsync(Operation operation, string action, Func<Task<ActionInput?>>? ask = null)
    {
        var spec = vendors.Get(operation.System).Describe(action);
        return RunCoreAsync(operation.Id, spec, operation.Target, operation.Version, ask,
            async (input, key) => await actions.ExecuteAsync(await ActorAsync(), operation.Id, input, key));
    }

    /// <summary>An action on one of a target's backups (start, recovery, restore); <paramref name="ask"/> confirms.</summary>
    public Task<ActionOutcome?> RunOnBackupAsync(string system, string target, BackupItem backup, string action, Func<Task<ActionInput?>> ask)
    {
        var spec = vendors.Get(system).Describe(action);
        return RunCoreAsync($"{target}|{backup.Id}", spec, target, 0, ask,
            async (input, key) => await actions.ExecuteOnBackupAsync(await ActorAsync(), target, backup.Id, input, key));
    }

    /// <summary>A target-level action (vCenter validate and create, GeminiDB backup), with its form's input.</summary>
    public Task<ActionOutcome?> RunOnTargetAsync(string system, string target, string action, Func<Task<ActionInput?>> ask)
    {
        var spec = vendors.Get(system).Describe(action);
        return RunCoreAsync(target, spec, target, 0, ask,
            async (input, key) => await actions.ExecuteOnTargetAsync(await ActorAsync(), target, input, key));
    }

    private async Task<ActionOutcome?> RunCoreAsync(string subject, ActionSpec spec, string target, long version, Func<Task<ActionInput?>>? ask,
        Func<ActionInput, string, Task<(ActionOutcome Outcome, bool Repeated)>> send)
    {
        var key = Key(subject, spec.Name);
        if (!running.Add(key))
        {
            return null;
        }
        Changed?.Invoke(subject);
        try
        {
            var input = ask is not null ? await ask()
                : !spec.Destructive || await ConfirmAsync(target, spec) ? ActionInput.Of(spec.Name)
                : null;
            if (input is null)
            {
                return null;
            }
            input = input with { Action = spec.Name };
            var (outcome, _) = await send(input, SubmissionKey(subject, version, input));
            Keep(subject, outcome);
            Report(outcome);
            return outcome;
        }
        finally
        {
            running.Remove(key);
            Changed?.Invoke(subject);
        }
    }

    public async Task<bool> ConfirmAsync(string target, ActionSpec spec)
    {
        var parameters = new DialogParameters<ConfirmActionDialog>
        {
            { d => d.Target, target },
            { d => d.Consequence, spec.Confirmation ?? $"{spec.Label}?" },
            { d => d.ConfirmLabel, $"Yes, {spec.Label.ToLowerInvariant()}" },
            { d => d.Action, spec.Name },
        };
        var dialog = await dialogs.ShowAsync<ConfirmActionDialog>(spec.Label, parameters, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true });
        var result = await dialog.Result;
        return result is { Canceled: false };
    }

    private void Keep(string subject, ActionOutcome outcome)
    {
        outcomes.Remove(subject);
        outcomes[subject] = outcome;
        if (outcomes.Count > KeptOutcomes)
        {
            outcomes.Remove(outcomes.Keys.First());
        }
    }

    private void Report(ActionOutcome outcome)
    {
        var severity = outcome.Kind switch
        {
            ActionResultKind.Succeeded => Severity.Success,
            ActionResultKind.Refused or ActionResultKind.Invalid => Severity.Warning,
            _ => Severity.Error,
        };
        snackbar.Add(outcome.Summary, severity, o => o.VisibleStateDuration = severity == Severity.Success ? 6000 : 15000);
    }

    private async Task<Audit.ActionActor> ActorAsync() => session.Actor((await authentication.GetAuthenticationStateAsync()).User);

    private static string Key(string subject, string action) => subject + "|" + action;

    /// <summary>The snapshot version plus the non-secret input: two tabs (or a resend) of the same thing make one call.</summary>
    private static string SubmissionKey(string subject, long version, ActionInput input)
    {
        var fields = input.Fields.Where(f => !ActionInput.IsSecret(f.Key)).OrderBy(f => f.Key, StringComparer.Ordinal)
            .Select(f => $"{f.Key}={string.Join('\u001f', f.Value.Order(StringComparer.Ordinal))}");
        var canonical = $"{subject}\n{version}\n{input.Action}\n{input.Json?.GetRawText()}\n{string.Join('\n', fields)}";
        return "ui:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }
}
