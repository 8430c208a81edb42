using System.Text.Json;
using System.Text.Json.Serialization;
using BackupRestore.Dashboard.Features.Operations;

namespace BackupRestore.Dashboard.Features.Notifications;

/// <summary>The generic JSON event a webhook receives.</summary>
public sealed record WebhookEvent(string Event, string Rule, string From, string To, DateTimeOffset At, Operation Operation);

/// <summary>A Slack incoming-webhook message.</summary>
public sealed record SlackMessage(string Text);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(WebhookEvent))]
[JsonSerializable(typeof(SlackMessage))]
internal sealed partial class NotificationJson : JsonSerializerContext;

internal static class Payloads
{
    public static string For(WebhookRule rule, string ruleName, Operation? before, Operation after, DateTimeOffset at)
    {
        var from = before?.State.ToString().ToLowerInvariant() ?? "unknown";
        var to = after.State.ToString().ToLowerInvariant();
        if (rule.Format == "slack")
        {
            var step = after.Step is { } s ? $", step {s.Number} of {s.Total} {s.Name}" : "";
            var message = after.Message is null ? "" : $": {after.Message}";
            return JsonSerializer.Serialize(new SlackMessage(
                Escape($"{Icon(after.State)} {after.Target} ({SystemLabels.Of(after.System)} {after.Kind}) is now {to} ({after.VendorStatus}{step}), was {from}{message}")),
                NotificationJson.Default.SlackMessage);
        }
        return JsonSerializer.Serialize(new WebhookEvent("operation.state_changed", ruleName, from, to, at, after with { Details = null }), NotificationJson.Default.WebhookEvent);
    }

    /// <summary>Slack reads &amp;, &lt; and &gt; as control characters: vendor text must not become a link or a mention.</summary>
    private static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    private static string Icon(OperationState state) => state switch
    {
        OperationState.Failed => ":x:",
        OperationState.Suspended => ":double_vertical_bar:",
        OperationState.Succeeded => ":white_check_mark:",
        OperationState.Cancelled => ":no_entry_sign:",
        _ => ":information_source:",
    };
}
