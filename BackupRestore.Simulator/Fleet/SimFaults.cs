namespace BackupRestore.Simulator;

/// <summary>Faults switched on per target at run time, through the control endpoint or from tests.</summary>
public enum SimFaultKind
{
    None,
    Latency,
    ServerError,
    ConnectionReset,
    MalformedJson,
    TruncatedBody,
    ExpiredToken,
    HtmlErrorPage,
    Conflict,
    Restart,

    /// <summary>The call answers as one the backend does not have (the vendor's 404 body).</summary>
    Missing,
}

/// <param name="PathContains">Only calls whose path contains this text get the fault (null: every call).</param>
public sealed record SimFault(SimFaultKind Kind, TimeSpan Latency = default, string? PathContains = null);

public sealed class SimFaults
{
    private volatile SimFault current = new(SimFaultKind.None);

    public SimFault Current => current;

    public void Set(SimFault fault) => current = fault;

    public void Clear() => current = new SimFault(SimFaultKind.None);
}
