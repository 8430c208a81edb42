using BackupRestore.Dashboard.Features.Operations;
using BackupRestore.Dashboard.Features.Polling;
using BackupRestore.Dashboard.Vendors;

namespace BackupRestore.Dashboard.Features.Actions;

/// <summary>
/// Performs an operator's action: reads the backend again, refuses what it no longer offers (no backend call),
/// calls it otherwise, and reads it again so that every browser sees the result at once.
/// </summary>
internal sealed partial class ActionService(
    OperationStore store,
    TargetPollers pollers,
    VendorRegistry vendors,
    ActionDeduplicator deduplicator,
    IHostApplicationLifetime lifetime,
    ILogger<ActionService> logger)
{
    /// <param name="submissionKey">Identifies "the same submit" (form version + fields, or an Idempotency-Key); null: no dedupe.</param>
    public async Task<(ActionOutcome Outcome, bool Repeated)> ExecuteAsync(string operationId, ActionInput input, string? submissionKey)
    {
        // An action is not abandoned when the browser that sent it goes away: its twin may be waiting for it.
        var stopping = lifetime.ApplicationStopping;
        if (submissionKey is null)
        {
            return (await RunAsync(operationId, input, stopping), false);
        }
        return await deduplicator.RunOnceAsync($"{operationId}|{input.Action}|{submissionKey}", () => RunAsync(operationId, input, stopping));
    }

    private async Task<ActionOutcome> RunAsync(string operationId, ActionInput input, CancellationToken cancellationToken)
    {
        var action = input.Action;
        if (store.Find(operationId)?.Operation is not { } known || pollers.Find(known.Target) is not { } poller)
        {
            return new ActionOutcome(operationId, "", action, ActionResultKind.NotFound, $"There is no operation '{operationId}'.");
        }
        var connector = vendors.Get(known.System);
        var label = connector.Describe(action).Label;
        var fresh = await poller.PollOnceAsync(cancellationToken);
        if (fresh is null)
        {
            var issue = store.Find(operationId)?.Operation.TargetIssue ?? "it did not answer";
            return Outcome(known, action, ActionResultKind.Failed, $"{label} was not sent: {known.Target} cannot be read now ({issue}).");
        }
        if (fresh.FirstOrDefault(o => o.Id == operationId) is not { } operation)
        {
            return Outcome(known, action, ActionResultKind.Refused, $"{label} was not sent: the operation no longer exists on {known.Target}.");
        }
        if (!operation.Offers(action))
        {
            var offered = operation.Actions.Count == 0 ? "none" : string.Join(", ", operation.Actions);
            return Outcome(operation, action, ActionResultKind.Refused,
                $"{label} was not sent: {operation.Target} does not offer it now (status {operation.VendorStatus}; offered: {offered}).");
        }

        LogSending(logger, action, operation.Target, operationId);
        try
        {
            await connector.ExecuteAsync(poller.Target, operation, input, cancellationToken);
        }
        catch (ActionInputException e)
        {
            return Outcome(operation, action, ActionResultKind.Invalid, $"{label} was not sent: {e.Message}");
        }
        catch (VendorException e)
        {
            LogVendorRefused(logger, action, operation.Target, e.Error.HttpStatus, e.Error.Message);
            var kind = e.Error.HttpStatus switch
            {
                409 or 412 => ActionResultKind.Refused,
                400 or 404 or 422 => ActionResultKind.Invalid,
                _ => ActionResultKind.Failed,
            };
            return Outcome(operation, action, kind, $"{operation.Target} refused {label}: {e.Message}", e.Error);
        }
        catch (Exception e) when (e is VendorProtocolException or HttpRequestException or TimeoutException)
        {
            // The request left: the backend may have acted. Say so rather than guess.
            return Outcome(operation, action, ActionResultKind.Failed,
                $"{label} was sent to {operation.Target}, but its answer was lost ({TargetPoller.Describe(e)}). Check the state before trying again.");
        }

        await poller.PollOnceAsync(cancellationToken);
        var after = store.Find(operationId)?.Operation ?? operation;
        return Outcome(after, action, ActionResultKind.Succeeded, $"{label} sent to {after.Target}. Status now: {after.VendorStatus}.");
    }

    private static ActionOutcome Outcome(Operation operation, string action, ActionResultKind kind, string summary, VendorError? error = null) =>
        new(operation.Id, operation.Target, action, kind, summary, error, operation);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sending {Action} to {Target} for {OperationId}")]
    private static partial void LogSending(ILogger logger, string action, string target, string operationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Target} refused {Action}: HTTP {Status}: {Message}")]
    private static partial void LogVendorRefused(ILogger logger, string action, string target, int status, string message);
}
