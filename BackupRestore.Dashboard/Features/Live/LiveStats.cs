namespace BackupRestore.Dashboard.Features.Live;

/// <summary>What live components are rendering, for the benchmark and the metrics: renders triggered by store changes, per kind.</summary>
public sealed class LiveStats
{
    private long operationRenders;
    private long summaryRenders;
    private long circuits;

    /// <summary>Renders of a component that shows one operation (row, card, tile), caused by that operation changing.</summary>
    public long OperationRenders => Interlocked.Read(ref operationRenders);

    /// <summary>Renders of lists and counts (membership, order, counts changed).</summary>
    public long SummaryRenders => Interlocked.Read(ref summaryRenders);

    /// <summary>Circuits open now (connected or kept for a reconnect).</summary>
    public long Circuits => Interlocked.Read(ref circuits);

    public void OperationRendered() => Interlocked.Increment(ref operationRenders);

    public void SummaryRendered() => Interlocked.Increment(ref summaryRenders);

    public void CircuitOpened() => Interlocked.Increment(ref circuits);

    public void CircuitClosed() => Interlocked.Decrement(ref circuits);
}
