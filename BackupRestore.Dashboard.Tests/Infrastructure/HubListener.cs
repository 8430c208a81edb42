using System.Net;
using System.Threading.Channels;
using BackupRestore.Dashboard.Features.Live;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace BackupRestore.Dashboard.Tests.Infrastructure;

/// <summary>A .NET client of the dashboard hub that records every push, so tests can await the one they expect.</summary>
public sealed class HubListener : IAsyncDisposable
{
    private static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(10);
    private readonly Channel<OperationFragment> fragments = Channel.CreateUnbounded<OperationFragment>();
    private readonly HubConnection connection;

    private HubListener(HubConnection connection)
    {
        this.connection = connection;
        connection.On<OperationFragment>(nameof(IDashboardClient.OperationChanged), f => fragments.Writer.TryWrite(f));
    }

    public static async Task<HubListener> ConnectAsync(Uri app)
    {
        var builder = new HubConnectionBuilder();
        builder.Services.AddSingleton<IConnectionFactory>(new WebSocketConnectionFactory());
        builder.Services.AddSingleton<EndPoint>(new UriEndPoint(new Uri(app, "/hub")));
        var listener = new HubListener(builder.Build());
        await listener.connection.StartAsync();
        return listener;
    }

    public Task<CatchUpResult> CatchUpAsync(long since) => connection.InvokeAsync<CatchUpResult>(nameof(DashboardHub.CatchUp), since);

    /// <summary>Waits for a pushed card that satisfies <paramref name="match"/>; earlier pushes are skipped.</summary>
    public async Task<OperationFragment> WaitForAsync(Func<OperationFragment, bool> match, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? DefaultWait);
        try
        {
            while (true)
            {
                var fragment = await fragments.Reader.ReadAsync(cts.Token);
                if (match(fragment))
                {
                    return fragment;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No matching card was pushed within {(timeout ?? DefaultWait).TotalSeconds} s.");
        }
    }

    public ValueTask DisposeAsync() => connection.DisposeAsync();
}
