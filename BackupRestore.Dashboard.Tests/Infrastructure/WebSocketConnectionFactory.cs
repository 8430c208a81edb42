using System.IO.Pipelines;
using System.Net;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;

namespace BackupRestore.Dashboard.Tests.Infrastructure;

/// <summary>
/// A SignalR client transport over <see cref="ClientWebSocket"/>, connecting straight to <c>ws://host/hub</c>
/// (no negotiate, like the JS client's skipNegotiation). Microsoft.AspNetCore.SignalR.Client, which would
/// bring the HTTP transports, is not in this registry; Client.Core plus this is enough.
/// </summary>
public sealed class WebSocketConnectionFactory(Action<ClientWebSocketOptions>? configure = null) : IConnectionFactory
{
    public async ValueTask<ConnectionContext> ConnectAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        var uri = ((UriEndPoint)endpoint).Uri;
        var socket = new ClientWebSocket();
        configure?.Invoke(socket.Options);
        var wsUri = new UriBuilder(uri) { Scheme = uri.Scheme == "https" ? "wss" : "ws" }.Uri;
        await socket.ConnectAsync(wsUri, cancellationToken);
        return new WebSocketConnection(socket);
    }

    private sealed class WebSocketConnection : ConnectionContext
    {
        private readonly ClientWebSocket socket;
        private readonly DuplexPipe application;
        private readonly CancellationTokenSource closed = new();
        private readonly Task receiving;
        private readonly Task sending;

        public WebSocketConnection(ClientWebSocket socket)
        {
            this.socket = socket;
            var input = new Pipe();
            var output = new Pipe();
            Transport = new DuplexPipe(input.Reader, output.Writer);
            application = new DuplexPipe(output.Reader, input.Writer);
            receiving = ReceiveAsync();
            sending = SendAsync();
        }

        public override string ConnectionId { get; set; } = Guid.NewGuid().ToString("n");

        public override IFeatureCollection Features { get; } = new FeatureCollection();

        public override IDictionary<object, object?> Items { get; set; } = new Dictionary<object, object?>();

        public override IDuplexPipe Transport { get; set; }

        public override CancellationToken ConnectionClosed { get => closed.Token; set { } }

        public override void Abort() => socket.Abort();

        public override async ValueTask DisposeAsync()
        {
            // HubConnection does not always complete its output before disposing: stop the send loop ourselves,
            // then close politely, and abort if the server does not answer the close in time.
            application.Input.CancelPendingRead();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                if (socket.State == WebSocketState.Open)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
                }
                await Task.WhenAll(receiving, sending).WaitAsync(timeout.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
                socket.Abort();
            }
            socket.Dispose();
            closed.Dispose();
            await base.DisposeAsync();
        }

        private async Task ReceiveAsync()
        {
            try
            {
                while (true)
                {
                    var memory = application.Output.GetMemory(4096);
                    var result = await socket.ReceiveAsync(memory, CancellationToken.None);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        break;
                    }
                    application.Output.Advance(result.Count);
                    var flush = await application.Output.FlushAsync();
                    if (flush.IsCompleted)
                    {
                        break;
                    }
                }
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
            {
            }
            finally
            {
                await application.Output.CompleteAsync();
                await closed.CancelAsync();
            }
        }

        private async Task SendAsync()
        {
            try
            {
                while (true)
                {
                    var result = await application.Input.ReadAsync();
                    foreach (var segment in result.Buffer)
                    {
                        await socket.SendAsync(segment, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
                    }
                    application.Input.AdvanceTo(result.Buffer.End);
                    if (result.IsCompleted || result.IsCanceled)
                    {
                        break;
                    }
                }
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
            {
            }
            finally
            {
                await application.Input.CompleteAsync();
            }
        }
    }

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
