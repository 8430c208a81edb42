using System.Text.Json;

namespace BackupRestore.Bench;

/// <summary>What one Chromium tab spends per change, from a DevTools trace: how the grid's cost in the browser was found.</summary>
internal sealed partial class BenchRun
{
    private const int TracedChanges = 20;

    private static readonly string[] TracedPhases =
        ["ProxyMain::BeginMainFrame", "UpdateLayoutTree", "Layout", "PrePaint", "Paint", "Layerize", "FunctionCall", "RasterTask"];

    private async Task TraceOneTabAsync(string path)
    {
        await using var browsers = await Browsers.LaunchAsync(Dashboard.Address, AdminUser, AdminPassword);
        var page = await browsers.OpenAsync();
        await LatencyAsync(page, 5, 0);
        var cdp = await page.Context.NewCDPSessionAsync(page);
        var events = new List<JsonElement>();
        var complete = new TaskCompletionSource();
        cdp.Event("Tracing.dataCollected").OnEvent += (_, e) =>
        {
            lock (events)
            {
                events.AddRange(e!.Value.GetProperty("value").EnumerateArray().Select(v => v.Clone()));
            }
        };
        cdp.Event("Tracing.tracingComplete").OnEvent += (_, _) => complete.TrySetResult();
        await cdp.SendAsync("Tracing.start", new Dictionary<string, object>
        {
            ["categories"] = "devtools.timeline,disabled-by-default-devtools.timeline,blink,cc,viz,toplevel",
            ["transferMode"] = "ReportEvents",
        });
        await LatencyAsync(page, TracedChanges, 0);
        await cdp.SendAsync("Tracing.end");
        await complete.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(events));

        // Complete events ("X") carry their duration in microseconds.
        var spent = events.Where(e => e.TryGetProperty("ph", out var ph) && ph.GetString() == "X" && e.TryGetProperty("dur", out _))
            .GroupBy(e => e.GetProperty("name").GetString() ?? "")
            .ToDictionary(g => g.Key, g => g.Sum(e => e.GetProperty("dur").GetDouble()) / 1000 / TracedChanges);
        Console.WriteLine($"One tab, per change (ms, traced: tracing itself adds to each): "
            + string.Join(" · ", TracedPhases.Select(p => $"{p.Split("::")[^1]} {spent.GetValueOrDefault(p):0.00}")));
        Console.WriteLine($"Trace written to {path} (open it in chrome://tracing or Perfetto).");
    }
}
