using System.Collections.Concurrent;

namespace BackupRestore.Dashboard.Features.Actions;

/// <summary>
/// Runs one action per key: a second identical submit (double click, resubmit, another tab on the same card
/// version) waits for the first and gets its outcome instead of calling the backend again. Successes are
/// remembered for ten minutes; other outcomes for a few seconds, so that an operator can try again on purpose.
/// In front of <see cref="ActionClaims"/>: twins in one process share the task without asking the database.
/// </summary>
internal sealed class ActionDeduplicator(TimeProvider time)
{
    public static readonly TimeSpan RememberSuccess = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan RememberOther = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, Slot> slots = new(StringComparer.Ordinal);

    public async Task<(ActionOutcome Outcome, bool Repeated)> RunOnceAsync(string key, Func<Task<ActionOutcome>> action)
    {
        Sweep();
        var mine = new Slot(new Lazy<Task<ActionOutcome>>(action));
        var slot = slots.GetOrAdd(key, mine);
        var outcome = await slot.Outcome.Value;
        if (ReferenceEquals(slot, mine))
        {
            slot.ExpiresAt = time.GetUtcNow() + (outcome.Kind == ActionResultKind.Succeeded ? RememberSuccess : RememberOther);
        }
        return (outcome, !ReferenceEquals(slot, mine));
    }

    private void Sweep()
    {
        var now = time.GetUtcNow();
        foreach (var (key, slot) in slots)
        {
            if (slot.ExpiresAt is { } expires && expires <= now)
            {
                slots.TryRemove(new KeyValuePair<string, Slot>(key, slot));
            }
        }
    }

    private sealed class Slot(Lazy<Task<ActionOutcome>> outcome)
    {
        public Lazy<Task<ActionOutcome>> Outcome { get; } = outcome;

        public DateTimeOffset? ExpiresAt { get; set; }
    }
}
