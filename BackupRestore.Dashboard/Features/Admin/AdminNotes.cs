using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace BackupRestore.Dashboard.Features.Admin;

/// <summary>
/// Messages for the page after an admin action, read once (a new token is shown exactly once, and never travels
/// in a URL, where proxies and browser history would keep it).
/// </summary>
internal sealed class AdminNotes(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, (AdminNote Note, DateTimeOffset Expires)> notes = new(StringComparer.Ordinal);

    public string Add(AdminNote note)
    {
        var now = time.GetUtcNow();
        foreach (var (key, value) in notes.Where(n => n.Value.Expires <= now))
        {
            notes.TryRemove(key, out _);
        }
        var id = Convert.ToHexString(RandomNumberGenerator.GetBytes(12)).ToLowerInvariant();
        notes[id] = (note, now.AddMinutes(5));
        return id;
    }

    public AdminNote? Take(string? id) =>
        id is not null && notes.TryRemove(id, out var value) && value.Expires > time.GetUtcNow() ? value.Note : null;
}

public sealed record AdminNote(bool Ok, string Text, string? Secret = null);
