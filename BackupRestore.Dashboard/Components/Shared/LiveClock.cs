namespace BackupRestore.Dashboard.Components.Shared;

/// <summary>
/// A circuit's coarse clock for relative times in rows and cards. A <see cref="ClockPulse"/> on the page (or the page
/// that owns a timer) advances it on the circuit's dispatcher; each <see cref="Timestamp"/> and time in state renders
/// itself again, so that a tick does not render every card's whole component tree in every circuit.
/// </summary>
public sealed class LiveClock
{
    public event Action? Ticked;

    /// <summary>Called on the circuit's dispatcher: listeners render directly.</summary>
    public void Advance() => Ticked?.Invoke();
}
