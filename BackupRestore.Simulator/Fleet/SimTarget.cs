using System.Collections.Concurrent;

namespace BackupRestore.Simulator;

/// <summary>
/// Quirks a real backend shows and a tolerant client must survive. <see cref="Payload"/> is appended to every
/// free-text field (names, descriptions, messages): a hostile or compromised backend's script and markup.
/// </summary>
/// <see cref="DuplicateKeys"/>: every member is written twice, the first time with a stale value (as some gateways
/// merge documents); the last one is the current value.
public sealed record WireQuirks(bool NumbersAsStrings = false, bool UnknownFields = false, string? Payload = null, bool DuplicateKeys = false);

/// <summary>One simulated backend: a system, a name that is also its path prefix, credentials, and its state machine.</summary>
public sealed class SimTarget(string system, string name, SimCredentials credentials, object machine, IReadOnlyDictionary<string, string>? hints = null)
{
    /// <summary>Configuration a dashboard needs for this target beyond its URL (EngineId, VaultId, ...).</summary>
    public IReadOnlyDictionary<string, string> Hints { get; } = hints ?? new Dictionary<string, string>();

    public string System { get; } = system;

    public string Name { get; } = name;

    public SimCredentials Credentials { get; } = credentials;

    public object Machine { get; } = machine;

    public SimSessions Sessions { get; } = new();

    public SimFaults Faults { get; } = new();

    public WireQuirks Quirks { get; set; } = new();

    /// <summary>The last calls the target answered, by "METHOD path?query": lets tests prove a call was (not) made.</summary>
    public SimCallQueue CallLog { get; } = new();

    /// <summary>The User-Agent of each call of <see cref="CallLog"/>, in the same order: which dashboard instance called.</summary>
    public SimCallQueue Callers { get; } = new();

    public string PathBase => $"/{System}/{Name}";

    public T MachineAs<T>() where T : class =>
        Machine as T ?? throw new InvalidOperationException($"Target '{Name}' is a {System} target, not {typeof(T).Name}.");
}

public sealed record SimCredentials(string UserName, string Password);

/// <summary>
/// The most recent <see cref="Capacity"/> calls of one target, oldest first. Bounded: a demo runs for days and
/// is polled every few seconds (it grew by 227 entries per target in six minutes).
/// </summary>
public sealed class SimCallQueue(int capacity = SimCallQueue.DefaultCapacity) : IReadOnlyCollection<string>
{
    public const int DefaultCapacity = 1000;
    private readonly ConcurrentQueue<string> calls = new();

    public int Capacity { get; } = capacity;

    public int Count => calls.Count;

    public void Enqueue(string call)
    {
        calls.Enqueue(call);
        while (calls.Count > Capacity && calls.TryDequeue(out _))
        {
        }
    }

    public string[] ToArray() => calls.ToArray();

    public IEnumerator<string> GetEnumerator() => ((IEnumerable<string>)calls.ToArray()).GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>Server-side sessions (NSX JSESSIONID + XSRF token, vCenter session ids).</summary>
public sealed class SimSessions
{
    private readonly ConcurrentDictionary<string, string> sessions = new();

    public void Add(string sessionId, string secondary) => sessions[sessionId] = secondary;

    public bool IsValid(string sessionId, string? secondary) =>
        sessions.TryGetValue(sessionId, out var expected) && (secondary is null || expected == secondary);

    public bool Remove(string sessionId) => sessions.TryRemove(sessionId, out _);

    /// <summary>Idle sessions time out on a real manager; tests call this to make every client's session stale.</summary>
    public void ExpireAll() => sessions.Clear();
}
