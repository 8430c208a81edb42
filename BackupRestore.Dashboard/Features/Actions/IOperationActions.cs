using BackupRestore.Dashboard.Features.Audit;
using BackupRestore.Dashboard.Vendors;

namespace BackupRestore.Dashboard.Features.Actions;

/// <summary>
/// The one way anything acts on a backend (the pages' executor and the JSON API): each call reads the backend again,
/// refuses what it no longer offers without calling it, audits the attempt, and makes one call per submission key.
/// </summary>
public interface IOperationActions
{
    /// <param name="submissionKey">Identifies "the same submit" (card version + input, or an Idempotency-Key); null: no dedupe.</param>
    Task<(ActionOutcome Outcome, bool Repeated)> ExecuteAsync(ActionActor actor, string operationId, ActionInput input, string? submissionKey);

    Task<(ActionOutcome Outcome, bool Repeated)> ExecuteOnBackupAsync(ActionActor actor, string target, string backupId, ActionInput input, string? submissionKey);

    Task<(ActionOutcome Outcome, bool Repeated)> ExecuteOnTargetAsync(ActionActor actor, string target, ActionInput input, string? submissionKey);
}
