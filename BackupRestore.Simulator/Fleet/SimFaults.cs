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
}

public sealed record SimFault(SimFaultKind Kind, TimeSpan Latency = default);

public sealed class SimFaults
{
    private volatile SimFault current = new(SimFaultKind.None);

    public SimFault Current => current;

    public void Set(SimFault fault) => current = fault;

    public void Clear() => current = new SimFault(SimFaultKind.None);
}
