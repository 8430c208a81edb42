using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BackupRestore.Dashboard.Tests.Infrastructure;

/// <summary>A webhook endpoint on loopback that answers 500 as often as told, then 200, and records what it got.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<string> bodies = new();
    private TaskCompletionSource arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private WebhookReceiver(WebApplication app) => this.app = app;

    public Uri Url { get; private set; } = default!;

    /// <summary>How many more requests get 500 (int.MaxValue: fail forever).</summary>
    public int FailuresLeft { get; set; }

    public IReadOnlyList<string> Bodies => bodies.ToArray();

    /// <summary>How long each answer takes: a slow receiver keeps a delivery in flight.</summary>
    public TimeSpan Latency { get; set; }

    public static async Task<WebhookReceiver> StartAsync(int failures = 0, string path = "/hook")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        var receiver = new WebhookReceiver(builder.Build()) { FailuresLeft = failures };
        receiver.app.MapPost(path, async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            receiver.bodies.Enqueue(await reader.ReadToEndAsync());
            if (receiver.Latency > TimeSpan.Zero)
            {
                await Task.Delay(receiver.Latency, request.HttpContext.RequestAborted);
            }
            var fail = receiver.FailuresLeft > 0;
            if (fail && receiver.FailuresLeft != int.MaxValue)
            {
                receiver.FailuresLeft--;
            }
            var signal = receiver.arrived;
            receiver.arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            signal.TrySetResult();
            return fail ? Results.StatusCode(500) : Results.Ok();
        });
        await receiver.app.StartAsync();
        var address = receiver.app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = new Uri(new Uri(address), path);
        return receiver;
    }

    /// <summary>Waits until <paramref name="count"/> requests arrived in all.</summary>
    public async Task WaitForAsync(int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (bodies.Count < count)
        {
            await arrived.Task.WaitAsync(timeout.Token);
        }
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
