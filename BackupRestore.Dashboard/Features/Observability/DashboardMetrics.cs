using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using BackupRestore.Dashboard.Features.Operations;
using BackupRestore.Dashboard.Features.Targets;

namespace BackupRestore.Dashboard.Features.Observability;

/// <summary>
/// The dashboard's one <see cref="Meter"/>. Labels are configured names (system, target) or small fixed sets
/// (state, outcome, error kind): never an operation id, a message or anything a backend or a user chooses freely.
/// </summary>
internal sealed class DashboardMetrics
{
    public const string MeterName = "BackupRestore.Dashboard";
    private const int MaxActionNames = 64;

    private readonly Counter<long> transitions;
    private readonly Histogram<double> pollDuration;
    private readonly Counter<long> pollFailures;
    private readonly Counter<long> actions;
    private readonly Histogram<double> actionDuration;
    private readonly Counter<long> webhookDeliveries;
    private readonly ConcurrentDictionary<string, bool> actionNames = new(StringComparer.Ordinal);

    public DashboardMetrics(IMeterFactory meters)
    {
        Meter = meters.Create(MeterName);
        transitions = Meter.CreateCounter<long>("backuprestore.operation.transitions", "{transition}",
            "Operations seen changing state, by system, kind and the state they changed to.");
        pollDuration = Meter.CreateHistogram("backuprestore.poll.duration", "s", "How long one read of a target took.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });
        pollFailures = Meter.CreateCounter<long>("backuprestore.poll.failures", "{failure}",
            "Reads of a target that failed, by target and error kind.");
        actions = Meter.CreateCounter<long>("backuprestore.actions", "{action}",
            "Operator actions, by system, action and outcome.");
        actionDuration = Meter.CreateHistogram("backuprestore.action.duration", "s",
            "How long an operator action took, checks and the re-read included.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60] });
        webhookDeliveries = Meter.CreateCounter<long>("backuprestore.webhook.deliveries", "{delivery}",
            "Webhook delivery attempts, by outcome (delivered, retry, dead).");
    }

    /// <summary>The observable instruments (<see cref="DashboardGauges"/>) join this meter.</summary>
    public Meter Meter { get; }

    public void Transition(string system, string kind, OperationState to) =>
        transitions.Add(1, new("system", system), new("kind", KindLabel(kind)), new("state", StateLabel(to)));

    public void Polled(TargetOptions target, TimeSpan elapsed) =>
        pollDuration.Record(elapsed.TotalSeconds, new("system", target.System), new("target", target.Name));

    public void PollFailed(TargetOptions target, Exception error) =>
        pollFailures.Add(1, new("target", target.Name), new("error.type", ErrorKinds.Of(error)));

    public void Acted(string system, string action, string outcome, TimeSpan elapsed)
    {
        var tags = new TagList { { "system", system }, { "action", ActionLabel(action) }, { "outcome", outcome } };
        actions.Add(1, tags);
        actionDuration.Record(elapsed.TotalSeconds, tags);
    }

    public void WebhookDelivery(string outcome) => webhookDeliveries.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public static string StateLabel(OperationState state) => state.ToString().ToLowerInvariant();

    /// <summary>Connectors set "backup" or "restore"; anything else a future connector invents stays one label.</summary>
    public static string KindLabel(string kind) => kind is "backup" or "restore" ? kind : "other";

    /// <summary>Action names come from a URL: the first few well-formed ones are labels, anything else is "other".</summary>
    private string ActionLabel(string action)
    {
        if (action.Length is 0 or > 40 || !action.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_'))
        {
            return "other";
        }
        if (actionNames.ContainsKey(action) || (actionNames.Count < MaxActionNames && actionNames.TryAdd(action, true)))
        {
            return action;
        }
        return "other";
    }
}
