using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using static BackupRestore.Bench.Report;

namespace BackupRestore.Bench;

/// <summary>
/// Figure 1f, the floor under 1b on this machine: the same crowd of Chromium tabs on a bare page (a 25-row table, no
/// framework, no server work), each told over its own WebSocket at the same moment to change one cell. What the
/// measured tab takes is what 60 tabs repainting one change cost on these cores, whatever the server and the page do.
/// The tab measured is the last one opened; its place in the order told moves from sample to sample.
/// </summary>
internal static class BareTabs
{
    private const int Rows = 25;

    public static async Task<Row> MeasureAsync(BenchSettings settings)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        await using var app = builder.Build();
        var sockets = new List<WebSocket>();
        app.UseWebSockets();
        app.MapGet("/", () => Results.Content(Page, "text/html; charset=utf-8"));
        app.Map("/ws", async context =>
        {
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            lock (sockets)
            {
                sockets.Add(socket);
            }
            var buffer = new byte[64];
            while (socket.State == WebSocketState.Open && !(await socket.ReceiveAsync(buffer, context.RequestAborted)).CloseStatus.HasValue)
            {
            }
        });
        await app.StartAsync();
        var site = new Uri(app.Urls.First());

        Console.WriteLine($"The floor: a change → cell in one of {settings.Browsers} tabs of a bare page, all told at once...");
        await using var crowd = await Browsers.LaunchUnsignedAsync(site);
        IPage last = default!;
        for (var i = 0; i < settings.Browsers; i++)
        {
            last = await crowd.OpenAsync();
        }
        for (var waited = Stopwatch.StartNew(); SocketCount(sockets) < settings.Browsers; await Task.Delay(50))
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new TimeoutException($"Only {SocketCount(sockets)} of {settings.Browsers} bare tabs connected within 30 s.");
            }
        }
        var machineBefore = MachineCpu.Read();
        var latencies = new List<double>();
        for (var i = 0; i < settings.LatencySamples; i++)
        {
            var row = i % Rows;
            var version = i / Rows + 1;
            await last.EvaluateAsync(ArmScript, new object[] { $"bare-{row}", version - 1 });
            var sent = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            await BroadcastAsync(sockets, $"{row},{version}", first: i);
            var seen = await last.EvaluateAsync<double[]>("window.__brdSeen").WaitAsync(TimeSpan.FromSeconds(15));
            latencies.Add(seen[0] - sent);
            // The others finish painting before the next sample, as between two samples of 1b.
            await Task.Delay(250);
        }
        var machineBusy = MachineCpu.Read().BusySince(machineBefore);
        await crowd.CloseAllAsync();
        await app.StopAsync();
        return new("1f", $"The floor under 1b: the same change → cell in one of {settings.Browsers} Chromium tabs of a bare page (a {Rows}-row table, no framework; "
            + $"all tabs told at once over their own WebSocket, at the same priority): p50 / p95 · whole machine busy (of {System.Environment.ProcessorCount} cores)",
            $"{Ms(Percentile(latencies, 50))} / {Ms(Percentile(latencies, 95))} · {machineBusy * 100:0} %", "–", null);
    }

    private static int SocketCount(List<WebSocket> sockets)
    {
        lock (sockets)
        {
            return sockets.Count;
        }
    }

    /// <summary>
    /// Tells every tab, starting at a different one each sample: the measured tab's turn moves through the crowd as
    /// its circuit's does among the dashboard's renders (always last, it read p50 82 ms; 1b's p50 was 36-69 ms).
    /// </summary>
    private static async Task BroadcastAsync(List<WebSocket> sockets, string message, int first)
    {
        var bytes = Encoding.UTF8.GetBytes(message);
        WebSocket[] all;
        lock (sockets)
        {
            all = [.. sockets];
        }
        for (var k = 0; k < all.Length; k++)
        {
            await all[(first + k) % all.Length].SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        }
    }

    /// <summary>
    /// Arms 1b's own wait (<see cref="BenchRun.WaitForRowScript"/>) before the change is sent: a bare change arrives
    /// faster than a poll, and could land before an observer started with the send.
    /// </summary>
    private static readonly string ArmScript = $"args => {{ window.__brdSeen = ({BenchRun.WaitForRowScript})(args); }}";

    private static readonly string Page = BuildPage();

    private static string BuildPage()
    {
        var rows = new StringBuilder();
        for (var i = 0; i < Rows; i++)
        {
            rows.Append($"<tr><td data-op=\"bare-{i}\" data-version=\"0\">▸</td><td>NSX-T</td><td>bench-{i:0000}</td><td>cluster restore</td>"
                + $"<td>Running</td><td>Step 3 of 11: restoring the cluster</td><td>27 %</td><td>4 min</td><td id=\"m{i}\">Restore in progress</td></tr>");
        }
        return $$"""
            <!doctype html><html><head><meta charset="utf-8"><title>Bare</title>
            <style>body{font:14px sans-serif;margin:16px}table{border-collapse:collapse;width:100%}td{border-bottom:1px solid #ddd;padding:6px 8px}</style>
            </head><body><h1>Bare table</h1><table><tbody>{{rows}}</tbody></table>
            <script>
            const socket = new WebSocket(location.origin.replace('http', 'ws') + '/ws');
            socket.onmessage = e => {
              const [row, version] = e.data.split(',');
              const cell = document.querySelector(`td[data-op="bare-${row}"]`);
              cell.dataset.version = version;
              document.getElementById('m' + row).textContent = 'Step done, version ' + version;
            };
            </script></body></html>
            """;
    }
}
