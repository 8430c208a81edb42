using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR.Client;

namespace BackupRestore.Bench;

/// <summary>Many .NET SignalR viewers over WebSockets in this process; each notes when it received each card.</summary>
internal sealed class Viewers : IAsyncDisposable
{
    private readonly List<HubConnection> connections = [];
    private readonly ConcurrentDictionary<(int Viewer, string Id, long Version), DateTimeOffset> received = new();

    public int Count => connections.Count;

    /// <summary>Connects <paramref name="count"/> more viewers, at most <paramref name="parallel"/> connecting at once.</summary>
    public async Task AddAsync(Uri dashboard, string token, int count, int parallel = 200)
    {
        using var gate = new SemaphoreSlim(parallel);
        var start = connections.Count;
        var batch = Enumerable.Range(start, count).Select(async index =>
        {
            await gate.WaitAsync();
            try
            {
                var connection = new HubConnectionBuilder()
                    .WithUrl(new Uri(dashboard, "/hub"), o =>
                    {
                        o.Headers["Authorization"] = "Bearer " + token;
                        o.SkipNegotiation = true;
                        o.Transports = Microsoft.AspNetCore.Http.Connections.HttpTransportType.WebSockets;
                    })
                    .Build();
                connection.ServerTimeout = TimeSpan.FromMinutes(2);
                connection.On<OperationFragmentMessage>("OperationChanged", f => received.TryAdd((index, f.Id, f.Version), DateTimeOffset.UtcNow));
                await connection.StartAsync();
                return connection;
            }
            finally
            {
                gate.Release();
            }
        }).ToList();
        connections.AddRange(await Task.WhenAll(batch));
    }

    /// <summary>When each viewer received <paramref name="id"/> at a version above <paramref name="after"/> (waits up to the timeout).</summary>
    public async Task<IReadOnlyList<DateTimeOffset>> ReceivedAsync(string id, long after, TimeSpan timeout)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            var got = received.Where(r => r.Key.Id == id && r.Key.Version > after).GroupBy(r => r.Key.Viewer).Select(g => g.Min(r => r.Value)).ToList();
            if (got.Count >= connections.Count || DateTimeOffset.UtcNow > deadline)
            {
                return got;
            }
            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var chunk in connections.Chunk(200))
        {
            await Task.WhenAll(chunk.Select(c => c.DisposeAsync().AsTask()));
        }
        connections.Clear();
    }

    internal sealed record OperationFragmentMessage(string Id, long Version, string Rank, string Html);
}
