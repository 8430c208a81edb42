namespace BackupRestore.Dashboard.Components.Shared;

/// <summary>"3 min ago" / "in 2 h": the same rules as the page script, so server and browser agree.</summary>
public static class RelativeTime
{
    public static string Format(DateTimeOffset at, DateTimeOffset now)
    {
        var delta = now - at;
        var future = delta < TimeSpan.Zero;
        var span = future ? -delta : delta;
        var text = span.TotalSeconds switch
        {
            < 10 => "just now",
            < 60 => $"{(int)span.TotalSeconds} s",
            < 3600 => $"{(int)span.TotalMinutes} min",
            < 86400 => $"{(int)span.TotalHours} h",
            _ => $"{(int)span.TotalDays} d",
        };
        return text == "just now" ? text : future ? $"in {text}" : $"{text} ago";
    }
}
