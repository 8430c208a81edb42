using System.Collections.Concurrent;
using BackupRestore.Dashboard.Features.Actions;
using BackupRestore.Dashboard.Features.Audit;
using BackupRestore.Dashboard.Vendors;

namespace BackupRestore.Dashboard.Tests.Infrastructure;

/// <summary>
/// Records every action a component sends and answers with <see cref="Outcome"/>; <see cref="Hold"/> keeps calls
/// open until the test releases them, to see what a component does while an action runs.
/// </summary>
public sealed class FakeOperationActions : IOperationActions
{
    public ConcurrentQueue<(string Subject, ActionInput Input, string? Key)> Calls { get; } = new();

    public Func<string, ActionInput, ActionOutcome> Outcome { get; set; } =
        (subject, input) => new ActionOutcome(subject, "t", input.Action, ActionResultKind.Succeeded, $"{input.Action} sent.");

    /// <summary>When set, calls wait for it before answering.</summary>
    public TaskCompletionSource? Hold { get; set; }

    public Task<(ActionOutcome Outcome, bool Repeated)> ExecuteAsync(ActionActor actor, string operationId, ActionInput input, string? submissionKey) =>
        RecordAsync(operationId, input, submissionKey);

    public Task<(ActionOutcome Outcome, bool Repeated)> ExecuteOnBackupAsync(ActionActor actor, string target, string backupId, ActionInput input, string? submissionKey) =>
        RecordAsync($"{target}|{backupId}", input, submissionKey);

    public Task<(ActionOutcome Outcome, bool Repeated)> ExecuteOnTargetAsync(ActionActor actor, string target, ActionInput input, string? submissionKey) =>
        RecordAsync(target, input, submissionKey);

    private async Task<(ActionOutcome, bool)> RecordAsync(string subject, ActionInput input, string? key)
    {
        Calls.Enqueue((subject, input, key));
        if (Hold is { } hold)
        {
            await hold.Task;
        }
        return (Outcome(subject, input), false);
    }
}
