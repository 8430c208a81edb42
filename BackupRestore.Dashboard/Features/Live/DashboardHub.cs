using BackupRestore.Dashboard.Features.Operations;
using Microsoft.AspNetCore.SignalR;

namespace BackupRestore.Dashboard.Features.Live;

/// <summary>Browsers listen here; they only call <see cref="CatchUp"/>, after connecting or reconnecting.</summary>
internal sealed class DashboardHub(OperationStore store, LiveUpdates live, ServerIdentity identity, Diagnostics.RuntimeStats stats) : Hub<IDashboardClient>
{
    public const string Path = "/hub";
    public const string WallGroup = "walls";

    public override Task OnConnectedAsync()
    {
        stats.Connected();
        return base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        stats.Disconnected();
        return base.OnDisconnectedAsync(exception);
    }

    public ServerHello Hello() => new(identity.Instance, identity.Build, store.Version);

    /// <summary>Walls also get how fresh each target's data is.</summary>
    public Task JoinWall() => Groups.AddToGroupAsync(Context.ConnectionId, WallGroup);

    public async Task<CatchUpResult> CatchUp(long since)
    {
        var version = store.Version;
        var entries = store.Ordered();
        var changed = new List<OperationFragment>();
        foreach (var entry in entries.Where(e => e.Version > since))
        {
            changed.Add(await live.FragmentOfAsync(entry));
        }
        return new CatchUpResult(version, changed, entries.Select(e => e.Operation.Id).ToList(), await live.SummaryHtmlAsync());
    }
}
