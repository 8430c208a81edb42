using System.Net;
using BackupRestore.Dashboard.Features.Live;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace BackupRestore.Dashboard.Tests.Infrastructure;

/// <summary>A .NET client of the dashboard hub that records every push, so tests can await the one they expect.</summary>
public sealed class HubListener : IAsyncDisposable
{
    private static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(10);
    private readonly Lock gate = new();
    private readonly List<OperationFragment> received = [];
    private TaskCompletionSource arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly HubConnection connection;

    private HubListener(HubConnection connection)
    {
        this.connection = connection;
        connection.On<OperationFragment>(nameof(IDashboardClient.OperationChanged), Record);
    }

    public static Task<HubListener> ConnectAsync(Uri app, string token) => ConnectWithHeaderAsync(app, "Bearer " + token);

    /// <summary>Connects with an Authorization header value (Bearer token or Basic credentials).</summary>
    public static async Task<HubListener> ConnectWithHeaderAsync(Uri app, string authorization)
    {
        var builder = new HubConnectionBuilder();
        builder.Services.AddSingleton<IConnectionFactory>(new WebSocketConnectionFactory(o => o.SetRequestHeader("Authorization", authorization)));
        builder.Services.AddSingleton<EndPoint>(new UriEndPoint(new Uri(app, "/hub")));
        var listener = new HubListener(builder.Build());
        using (var connecting = new CancellationTokenSource(DefaultWait))
        {
            await listener.connection.StartAsync(connecting.Token);
        }
        // What was pushed before this client connected counts too: seed the record with the current cards.
        foreach (var fragment in (await listener.CatchUpAsync(0)).Changed)
        {
            listener.Record(fragment);
        }
        return listener;
    }

    public async Task<CatchUpResult> CatchUpAsync(long since)
    {
        using var cts = new CancellationTokenSource(DefaultWait);
        return await connection.InvokeAsync<CatchUpResult>(nameof(DashboardHub.CatchUp), since, cts.Token);
    }

    /// <summary>Every card received so far (pushes, and the cards current when this client connected).</summary>
    public IReadOnlyList<OperationFragment> Received
    {
        get
        {
            lock (gate)
            {
                return received.ToList();
            }
        }
    }

    /// <summary>Returns the first card received (before or after this call) that satisfies <paramref name="match"/>.</summary>
    public async Task<OperationFragment> WaitForAsync(Func<OperationFragment, bool> match, TimeSpan? timeout = null)
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
                throw new TimeoutException($"No matching card was pushed within {limit.TotalSeconds} s. Received: " +
                    string.Join(", ", Received.Select(f => $"{f.Id}@{f.Version}")));
            }
        }
    }

    private void Record(OperationFragment fragment)
    {
        lock (gate)
        {
            received.Add(fragment);
            arrived.TrySetResult();
            arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public ValueTask DisposeAsync() => connection.DisposeAsync();
}
