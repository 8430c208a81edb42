using BackupRestore.Dashboard.Features.Operations;
using Microsoft.AspNetCore.SignalR;

namespace BackupRestore.Dashboard.Features.Live;

/// <summary>Every operation now, and the store version it was read at.</summary>
public sealed record OperationsSnapshot(long Version, IReadOnlyList<Operation> Operations);

/// <summary>What the hub pushes: operation snapshots as JSON, in the shape of <c>GET /api/operations</c> items.</summary>
public interface IDashboardClient
{
    Task OperationChanged(Operation operation);

    Task OperationRemoved(string id, long version);
}

/// <summary>
/// For programs outside the browser (scripts, the benchmark, other consoles): authenticated like the API, pushed
/// every change. A client calls <see cref="Snapshot"/> after (re)connecting to catch up. Browsers use their circuit.
/// </summary>
internal sealed class DashboardHub(OperationStore store, HubConnections connections) : Hub<IDashboardClient>
{
    public const string Path = "/hub";

    public override Task OnConnectedAsync()
    {
        connections.Add(Context);
        return base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        connections.Remove(Context);
        return base.OnDisconnectedAsync(exception);
    }

    public OperationsSnapshot Snapshot()
    {
        var version = store.Version;
        return new OperationsSnapshot(version, store.Ordered().Select(e => e.Operation).ToList());
    }
}
