using BackupRestore.Dashboard.Features.Live;
using BackupRestore.Dashboard.Features.Operations;
using Microsoft.AspNetCore.SignalR.Client;

namespace BackupRestore.Dashboard.Tests.Infrastructure;

/// <summary>
/// A .NET client of the dashboard's hub (Microsoft.AspNetCore.SignalR.Client), as other programs use it: it records
/// every operation snapshot pushed as JSON, so tests can await the one they expect.
/// </summary>
public sealed class HubListener : IAsyncDisposable
{
    private static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(10);
    private readonly Lock gate = new();
    private readonly List<Operation> received = [];
    private readonly TaskCompletionSource closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly HubConnection connection;

    private HubListener(HubConnection connection)
    {
        this.connection = connection;
        connection.On<Operation>(nameof(IDashboardClient.OperationChanged), Record);
        connection.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
    }

    /// <summary>Completes when the server closes this connection (a revoked token, a disabled user).</summary>
    public Task Closed => closed.Task;

    public HubConnectionState State => connection.State;

    public static Task<HubListener> ConnectAsync(Uri app, string token) => ConnectWithHeaderAsync(app, "Bearer " + token);

    /// <summary>Connects with an Authorization header value (Bearer token or Basic credentials).</summary>
    public static async Task<HubListener> ConnectWithHeaderAsync(Uri app, string authorization)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(app, DashboardHub.Path), o => o.Headers["Authorization"] = authorization)
            .Build();
        var listener = new HubListener(connection);
        using (var connecting = new CancellationTokenSource(DefaultWait))
        {
            await connection.StartAsync(connecting.Token);
        }
        // What was pushed before this client connected counts too: seed the record with the current snapshot.
        foreach (var operation in (await listener.SnapshotAsync()).Operations)
        {
            listener.Record(operation);
        }
        return listener;
    }

    public async Task<OperationsSnapshot> SnapshotAsync()
    {
        using var cts = new CancellationTokenSource(DefaultWait);
        return await connection.InvokeAsync<OperationsSnapshot>(nameof(DashboardHub.Snapshot), cts.Token);
    }

    /// <summary>Every snapshot received so far (pushes, and the operations current when this client connected).</summary>
    public IReadOnlyList<Operation> Received
    {
        get
        {
            lock (gate)
            {
                return received.ToList();
            }
        }
    }

    /// <summary>Returns the first snapshot received (before or after this call) that satisfies <paramref name="match"/>.</summary>
    public async Task<Operation> WaitForAsync(Func<Operation, bool> match, TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultWait;
        using var cts = new CancellationTokenSource(limit);
        while (true)
        {
            Task next;
            lock (gate)
            {
                if (received.FirstOrDefault(match) is { } found)
                {
                    return found;
                }
                next = arrived.Task;
            }
            try
            {
                await next.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"No matching operation was pushed within {limit.TotalSeconds} s. Received: " +
                    string.Join(", ", Received.Select(o => $"{o.Id}@{o.Version} {o.VendorStatus} step {o.Step?.Number}")));
            }
        }
    }

    private void Record(Operation operation)
    {
        lock (gate)
        {
            received.Add(operation);
            arrived.TrySetResult();
            arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public ValueTask DisposeAsync() => connection.DisposeAsync();
}
