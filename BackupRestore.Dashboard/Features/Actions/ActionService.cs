using BackupRestore.Dashboard.Features.Audit;
using BackupRestore.Dashboard.Features.Hosting;
using BackupRestore.Dashboard.Features.Observability;
using BackupRestore.Dashboard.Features.Operations;
using BackupRestore.Dashboard.Features.Polling;
using BackupRestore.Dashboard.Vendors;
using Microsoft.Extensions.Options;

namespace BackupRestore.Dashboard.Features.Actions;

/// <summary>
/// Performs an operator's action on an operation, a backup or a target: reads the backend again, refuses what it
/// no longer offers (no backend call), sends it otherwise, and reads the target again so that every browser sees
/// the result at once. Identical submits (same key) make one backend call.
/// </summary>
internal sealed partial class ActionService(
    OperationStore store,
    TargetPollers pollers,
    VendorRegistry vendors,
    ActionDeduplicator deduplicator,
    ActionClaims claims,
    AuditLog audit,
    IOptions<DiagnosticsOptions> diagnostics,
    IHostApplicationLifetime lifetime,
    DashboardMetrics metrics,
    TimeProvider time,
    ILogger<ActionService> logger) : IOperationActions
{
    /// <param name="submissionKey">Identifies "the same submit" (form version + fields, or an Idempotency-Key); null: no dedupe.</param>
    public Task<(ActionOutcome Outcome, bool Repeated)> ExecuteAsync(ActionActor actor, string operationId, ActionInput input, string? submissionKey) =>
        Once(actor, new AuditSubject(store.Find(operationId)?.Operation.Target ?? pollers.FindByOperation(operationId)?.Target.Name ?? "?", operationId, null),
            $"op|{operationId}", input, submissionKey,
            ct => OnOperationAsync(operationId, input, ct));

    public Task<(ActionOutcome Outcome, bool Repeated)> ExecuteOnBackupAsync(ActionActor actor, string target, string backupId, ActionInput input, string? submissionKey) =>
        Once(actor, new AuditSubject(target, null, backupId), $"backup|{target}|{backupId}", input, submissionKey,
            ct => OnBackupAsync(target, backupId, input, ct));

    public Task<(ActionOutcome Outcome, bool Repeated)> ExecuteOnTargetAsync(ActionActor actor, string target, ActionInput input, string? submissionKey) =>
        Once(actor, new AuditSubject(target, null, null), $"target|{target}", input, submissionKey,
            ct => OnTargetAsync(target, input, ct));

    private async Task<(ActionOutcome, bool)> Once(ActionActor actor, AuditSubject subject, string scope, ActionInput input, string? key,
        Func<CancellationToken, Task<ActionOutcome>> run)
    {
        // An action is not abandoned when the browser that sent it goes away: its twin may be waiting for it.
        var stopping = lifetime.ApplicationStopping;
        Task<ActionOutcome> Audited() => AuditedAsync(actor, subject, input, key, run, stopping);
        if (key is null)
        {
            return (await Audited(), false);
        }
        // In memory first (twins in this process share one task), then in the database (twins on other instances).
        var fullKey = $"{scope}|{input.Action}|{key}";
        var elsewhere = false;
        var (outcome, repeated) = await deduplicator.RunOnceAsync(fullKey, async () =>
        {
            var (first, twin) = await claims.RunOnceAsync(fullKey, Audited, stopping);
            elsewhere = twin;
            return first;
        });
        repeated |= elsewhere;
        if (repeated)
        {
            // The twin is on record too, as what it was: a refused second call.
            var id = await audit.BeginAsync(actor, subject, input, key, stopping);
            await audit.CompleteAsync(id, AuditOutcomes.Refused, outcome.AuditId > 0
                ? $"Same submit as attempt #{outcome.AuditId} (outcome {AuditOutcomeOf(outcome.Kind)}): not sent again."
                : outcome.Summary, null, stopping);
        }
        return (outcome, repeated);
    }

    /// <summary>The attempt is on record before anything is sent, and completed with its outcome afterwards.</summary>
    private async Task<ActionOutcome> AuditedAsync(ActionActor actor, AuditSubject subject, ActionInput input, string? key,
        Func<CancellationToken, Task<ActionOutcome>> run, CancellationToken cancellationToken)
    {
        using var span = DashboardTracing.StartAction(input.Action, subject.Target, subject.OperationId);
        var started = time.GetTimestamp();
        var id = await audit.BeginAsync(actor, subject, input, key, cancellationToken);
        var outcome = Redacted(await run(cancellationToken));
        await audit.CompleteAsync(id, AuditOutcomeOf(outcome.Kind), outcome.Summary, outcome.VendorError, cancellationToken);
        var label = OutcomeLabel(outcome.Kind);
        var elapsed = time.GetElapsedTime(started);
        metrics.Acted(pollers.Find(subject.Target)?.Target.System ?? "unknown", input.Action, label, elapsed);
        LogActed(logger, outcome.Kind is ActionResultKind.Failed or ActionResultKind.Lost ? LogLevel.Warning : LogLevel.Information,
            input.Action, subject.Target, subject.OperationId ?? "(target)", actor.UserName, label, (long)elapsed.TotalMilliseconds, id);
        span?.SetTag("backuprestore.outcome", label);
        if (outcome.Kind is ActionResultKind.Failed or ActionResultKind.Lost)
        {
            span.Failed(label);
        }
        return outcome with { AuditId = id };
    }

    /// <summary>What the page, the API and the audit show of an outcome: backend text without credentials in URLs.</summary>
    private static ActionOutcome Redacted(ActionOutcome outcome) => outcome with
    {
        Summary = Redaction.Apply(outcome.Summary),
        Result = outcome.Result with
        {
            Facts = outcome.Result.Facts.Select(f => f with { Value = Redaction.Apply(f.Value) }).ToList(),
            Messages = outcome.Result.Messages.Select(Redaction.Apply).ToList(),
        },
        VendorError = outcome.VendorError is { } error ? error with { Message = Redaction.Apply(error.Message), Details = Redaction.ApplyOrNull(error.Details) } : null,
        Operation = outcome.Operation is { } operation ? RedactedOperations.Apply(operation) : null,
    };

    /// <summary>The metric's and the span's outcome: the API's kinds, as fixed lower-case labels.</summary>
    private static string OutcomeLabel(ActionResultKind kind) => kind switch
    {
        ActionResultKind.Succeeded => "succeeded",
        ActionResultKind.Refused => "refused",
        ActionResultKind.Invalid => "invalid",
        ActionResultKind.NotFound => "not_found",
        ActionResultKind.Lost => "lost",
        _ => "failed",
    };

    private static string AuditOutcomeOf(ActionResultKind kind) => kind switch
    {
        ActionResultKind.Succeeded => AuditOutcomes.Succeeded,
        ActionResultKind.Failed => AuditOutcomes.Failed,
        ActionResultKind.Lost => AuditOutcomes.Unknown,
        _ => AuditOutcomes.Refused,
    };

    private async Task<ActionOutcome> OnOperationAsync(string operationId, ActionInput input, CancellationToken cancellationToken)
    {
        var action = input.Action;
        // Another instance may poll the target: this one may not know the operation yet, but knows its target by the id.
        var known = store.Find(operationId)?.Operation;
        if ((known is null ? pollers.FindByOperation(operationId) : pollers.Find(known.Target)) is not { } poller)
        {
            return NoSuchOperation(operationId, action);
        }
        var target = poller.Target.Name;
        var connector = vendors.Get(poller.Target.System);
        var label = connector.Describe(action).Label;
        var fresh = await poller.PollOnceAsync(cancellationToken);
        if (fresh is null)
        {
            return Unreadable(target, operationId, action, label);
        }
        if (fresh.FirstOrDefault(o => o.Id == operationId) is not { } operation)
        {
            return known is null ? NoSuchOperation(operationId, action)
                : Outcome(target, operationId, action, ActionResultKind.Refused, $"{label} was not sent: the operation no longer exists on {target}.");
        }
        if (!operation.Offers(action))
        {
            return NotOffered(operation.Target, operationId, action, label, $"status {operation.VendorStatus}", operation.Actions);
        }
        return await SendAsync(poller, operationId, action, label, () => connector.ExecuteAsync(poller.Target, operation, input, cancellationToken), cancellationToken);
    }

    private async Task<ActionOutcome> OnBackupAsync(string targetName, string backupId, ActionInput input, CancellationToken cancellationToken)
    {
        var action = input.Action;
        if (pollers.Find(targetName) is not { } poller || vendors.Get(poller.Target.System) is not IBackupCatalog catalog)
        {
            return new ActionOutcome("", targetName, action, ActionResultKind.NotFound, $"There is no target '{targetName}' with backups.");
        }
        var label = vendors.Get(poller.Target.System).Describe(action).Label;
        IReadOnlyList<BackupItem> backups;
        try
        {
            backups = await catalog.ListBackupsAsync(poller.Target, BackupQuery.All, cancellationToken);
        }
        catch (Exception e) when (VendorFailure.IsMissingCall(e) && catalog.Unlisted(backupId) is { } named)
        {
            // The backend lacks the list call: the action call itself checks the backup (documented calls only).
            backups = [named];
        }
        catch (Exception e) when (IsBackendFailure(e))
        {
            return Outcome(targetName, "", action, ActionResultKind.Failed, $"{label} was not sent: {targetName} cannot be read now ({TargetPoller.Describe(e)}).");
        }
        if (backups.FirstOrDefault(b => b.Id == backupId) is not { } backup)
        {
            return Outcome(targetName, "", action, ActionResultKind.NotFound, $"{targetName} lists no backup '{backupId}'.");
        }
        if (!backup.Actions.Contains(action, StringComparer.Ordinal))
        {
            return NotOffered(targetName, "", action, label, $"backup {backup.Name} is {backup.Status}", backup.Actions);
        }
        return await SendAsync(poller, null, action, label, () => catalog.ExecuteBackupActionAsync(poller.Target, backup, input, cancellationToken), cancellationToken);
    }

    private async Task<ActionOutcome> OnTargetAsync(string targetName, ActionInput input, CancellationToken cancellationToken)
    {
        var action = input.Action;
        if (pollers.Find(targetName) is not { } poller || vendors.Get(poller.Target.System) is not ITargetActions actions)
        {
            return new ActionOutcome("", targetName, action, ActionResultKind.NotFound, $"There is no target '{targetName}' with actions.");
        }
        var label = vendors.Get(poller.Target.System).Describe(action).Label;
        IReadOnlyList<string> offered;
        try
        {
            offered = await actions.OfferedAsync(poller.Target, cancellationToken);
        }
        catch (Exception e) when (IsBackendFailure(e))
        {
            return Outcome(targetName, "", action, ActionResultKind.Failed, $"{label} was not sent: {targetName} cannot be read now ({TargetPoller.Describe(e)}).");
        }
        if (!offered.Contains(action, StringComparer.Ordinal))
        {
            return NotOffered(targetName, "", action, label, "its current state", offered);
        }
        return await SendAsync(poller, null, action, label, () => actions.ExecuteTargetActionAsync(poller.Target, input, cancellationToken), cancellationToken);
    }

    private async Task<ActionOutcome> SendAsync(TargetPoller poller, string? operationId, string action, string label, Func<Task<ActionResultInfo>> send, CancellationToken cancellationToken)
    {
        var target = poller.Target.Name;
        LogSending(logger, action, target, operationId ?? "(target)");
        ActionResultInfo result;
        if (diagnostics.Value.CrashAfterAuditRecord)
        {
            // Test hook for crash safety: the attempt is recorded, the backend has not been called.
            Environment.FailFast("Diagnostics:CrashAfterAuditRecord is set: stopping between the audit record and the backend call.");
        }
        try
        {
            result = await send();
        }
        catch (ActionInputException e)
        {
            return Outcome(target, operationId ?? "", action, ActionResultKind.Invalid, $"{label} was not sent: {e.Message}");
        }
        catch (VendorException e)
        {
            LogVendorRefused(logger, action, target, e.Error.HttpStatus, e.Error.Message);
            var kind = e.Error switch
            {
                { StateConflict: true } or { HttpStatus: 409 or 412 } => ActionResultKind.Refused,
                { HttpStatus: 400 or 404 or 422 } => ActionResultKind.Invalid,
                _ => ActionResultKind.Failed,
            };
            return Outcome(target, operationId ?? "", action, kind, $"{target} refused {label}: {e.Message}") with { VendorError = e.Error };
        }
        catch (Exception e) when (e is VendorProtocolException or HttpRequestException or TimeoutException)
        {
            // The request left: the backend may have acted. Say so rather than guess, and never resend by ourselves.
            return Outcome(target, operationId ?? "", action, ActionResultKind.Lost,
                $"{label} was sent to {target}, but its answer was lost ({TargetPoller.Describe(e)}). Check the state before trying again.");
        }

        // On an instance that does not poll the target the re-read is not in the store yet (the poller publishes it).
        var reread = await poller.PollOnceAsync(cancellationToken);
        var id = result.OperationId ?? operationId;
        var after = id is null ? null
            : (poller.Publishes ? null : reread?.FirstOrDefault(o => o.Id == id)) ?? store.Find(id)?.Operation;
        var summary = after is null ? $"{label} sent to {target}." : $"{label} sent to {target}. Status now: {after.VendorStatus}.";
        return new ActionOutcome(id ?? "", target, action, ActionResultKind.Succeeded, summary, null, after) { Result = result };
    }

    private static bool IsBackendFailure(Exception e) => VendorFailure.IsBackend(e);

    private static ActionOutcome NoSuchOperation(string operationId, string action) =>
        new(operationId, "", action, ActionResultKind.NotFound, $"There is no operation '{operationId}'.");

    private ActionOutcome Unreadable(string target, string operationId, string action, string label)
    {
        var issue = store.Find(operationId)?.Operation.TargetIssue ?? "it did not answer";
        return Outcome(target, operationId, action, ActionResultKind.Failed, $"{label} was not sent: {target} cannot be read now ({issue}).");
    }

    private static ActionOutcome NotOffered(string target, string operationId, string action, string label, string why, IReadOnlyList<string> offered) =>
        Outcome(target, operationId, action, ActionResultKind.Refused,
            $"{label} was not sent: {target} does not offer it now ({why}; offered: {(offered.Count == 0 ? "none" : string.Join(", ", offered))}).");

    private static ActionOutcome Outcome(string target, string operationId, string action, ActionResultKind kind, string summary) =>
        new(operationId, target, action, kind, summary);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sending {Action} to {Target} for {OperationId}")]
    private static partial void LogSending(ILogger logger, string action, string target, string operationId);

    /// <summary>One line per action attempt with its outcome (the audit entry has the detail).</summary>
    [LoggerMessage(Message = "Action {Action} on {Target} for {OperationId} by {User}: {Outcome} after {ElapsedMs} ms (audit #{AuditId})")]
    private static partial void LogActed(ILogger logger, LogLevel level, string action, string target, string operationId, string user, string outcome, long elapsedMs, long auditId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Target} refused {Action}: HTTP {Status}: {Message}")]
    private static partial void LogVendorRefused(ILogger logger, string action, string target, int status, string message);
}
