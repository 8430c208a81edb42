namespace BackupRestore.Dashboard.Components.Shared;

/// <summary>
/// A circuit's coarse clock for relative times inside cards. The page that owns the timer advances it on its
/// dispatcher; each <see cref="Timestamp"/> and time in state renders itself again, so that a tick does not render
/// every card's whole component tree in every circuit.
/// </summary>
public sealed class LiveClock
{
    public event Action? Ticked;

    /// <summary>Called on the circuit's dispatcher: listeners render directly.</summary>
    public void Advance() => Ticked?.Invoke();
}
