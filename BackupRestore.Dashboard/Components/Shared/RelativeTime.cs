namespace BackupRestore.Dashboard.Components.Shared;

/// <summary>"3 min ago" / "in 2 h", and durations ("12 min") for time in state.</summary>
public static class RelativeTime
{
    public static string Format(DateTimeOffset at, DateTimeOffset now)
    {
        var delta = now - at;
        var future = delta < TimeSpan.Zero;
        var text = Span(future ? -delta : delta);
        return text == "just now" ? text : future ? $"in {text}" : $"{text} ago";
    }

    /// <summary>How long something has lasted: "just now", "42 s", "12 min", "3 h", "2 d".</summary>
    public static string Span(TimeSpan span) => span.TotalSeconds switch
    {
        < 10 => "just now",
        < 60 => $"{(int)span.TotalSeconds} s",
        < 3600 => $"{(int)span.TotalMinutes} min",
        < 86400 => $"{(int)span.TotalHours} h",
        _ => $"{(int)span.TotalDays} d",
    };
}
