using BackupRestore.Dashboard.Components.Shared;

namespace BackupRestore.Dashboard.Features.Operations;

/// <summary>How long an operation has been in its state: from the vendor's times, or "≥" what the dashboard saw.</summary>
public static class TimeInState
{
    public static string Format(Operation operation, DateTimeOffset now)
    {
        if (operation.StateSince is not { } since)
        {
            return "—";
        }
        var span = now - since;
        var text = RelativeTime.Span(span < TimeSpan.Zero ? TimeSpan.Zero : span);
        // Seen by the dashboard only: it has been at least this long.
        return operation.StateSinceObserved && text != "just now" ? "≥ " + text : text;
    }
}
