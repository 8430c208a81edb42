using BackupRestore.Dashboard.Features.Operations;
using Microsoft.Extensions.Options;

namespace BackupRestore.Dashboard.Features.Notifications;

/// <summary><c>Notifications:*</c>: webhook rules and how hard a delivery is tried before it goes to the dead letters.</summary>
public sealed class NotificationOptions
{
    public List<WebhookRule> Webhooks { get; set; } = [];

    public int MaxAttempts { get; set; } = 6;

    public TimeSpan FirstRetry { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan MaxRetry { get; set; } = TimeSpan.FromMinutes(10);

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>
/// One rule: where to post (<see cref="Url"/>, in the <see cref="Format"/> <c>generic</c> JSON or <c>slack</c>), for which
/// systems and targets (empty: all), on which transitions (the state an operation moves to; empty: failed and suspended).
/// </summary>
public sealed class WebhookRule
{
    public string? Name { get; set; }

    public string Url { get; set; } = "";

    public string Format { get; set; } = "generic";

    public List<string> Systems { get; set; } = [];

    public List<string> Targets { get; set; } = [];

    public List<string> Transitions { get; set; } = [];

    public string DisplayName(int index) => string.IsNullOrWhiteSpace(Name) ? $"webhook-{index}" : Name;

    public IReadOnlyList<string> EffectiveTransitions => Transitions.Count == 0 ? ["failed", "suspended"] : Transitions;

    public bool Matches(Operation operation) =>
        (Systems.Count == 0 || Systems.Contains(operation.System, StringComparer.OrdinalIgnoreCase))
        && (Targets.Count == 0 || Targets.Contains(operation.Target, StringComparer.OrdinalIgnoreCase))
        && EffectiveTransitions.Contains(operation.State.ToString(), StringComparer.OrdinalIgnoreCase);
}

internal sealed class NotificationOptionsValidator(IConfiguration configuration) : IValidateOptions<NotificationOptions>
{
    private static readonly string[] States = Enum.GetNames<OperationState>().Select(s => s.ToLowerInvariant()).ToArray();

    public ValidateOptionsResult Validate(string? name, NotificationOptions options)
    {
        // A rule with a value that does not parse would be dropped by the binder without a word.
        var errors = Hosting.ConfigurationValues.ErrorsInList<WebhookRule>(configuration.GetSection("Notifications:Webhooks")).ToList();
        if (errors.Count > 0)
        {
            return ValidateOptionsResult.Fail(errors);
        }
        for (var i = 0; i < options.Webhooks.Count; i++)
        {
            var rule = options.Webhooks[i];
            var key = $"Notifications:Webhooks:{i}";
            if (!Uri.TryCreate(rule.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            {
                errors.Add($"{key}:Url is not an absolute http(s) URL. Set the webhook's address, e.g. https://hooks.slack.com/services/….");
            }
            if (rule.Format is not ("generic" or "slack"))
            {
                errors.Add($"{key}:Format '{rule.Format}' is not supported. Use 'generic' (JSON) or 'slack'.");
            }
            foreach (var transition in rule.Transitions.Where(t => !States.Contains(t, StringComparer.OrdinalIgnoreCase)))
            {
                errors.Add($"{key}:Transitions '{transition}' is not a state. Use: {string.Join(", ", States)}.");
            }
        }
        if (options.MaxAttempts is < 1 or > 50)
        {
            errors.Add("Notifications:MaxAttempts must be between 1 and 50.");
        }
        if (options.FirstRetry <= TimeSpan.Zero || options.MaxRetry < options.FirstRetry || options.Timeout <= TimeSpan.Zero)
        {
            errors.Add("Notifications:FirstRetry and Timeout must be positive, and MaxRetry at least FirstRetry.");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
