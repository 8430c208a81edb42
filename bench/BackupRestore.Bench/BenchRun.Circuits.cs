using System.Diagnostics;
using System.Globalization;
using Microsoft.Playwright;
using static BackupRestore.Bench.Report;

namespace BackupRestore.Bench;

/// <summary>The figures of the live console on Blazor Server circuits, measured with real Chromium tabs.</summary>
internal sealed partial class BenchRun
{
    private const string AdminUser = "admin";

    /// <summary>Latency alone and in a crowd, CPU per circuit, renders where nothing changed, memory per circuit and its return.</summary>
    public async Task<IReadOnlyList<Row>> CircuitsAsync()
    {
        var rows = new List<Row>();
        await using var browsers = await Browsers.LaunchAsync(Dashboard.Address, AdminUser, AdminPassword);
        rows.Add(await AloneAsync(browsers));

        rows.Add(await MemoryPerCircuitAsync("2a", browsers));
        rows.AddRange(await MemoryReturnedAsync());

        rows.AddRange(await CrowdFiguresAsync(browsers));
        return rows;
    }

    /// <summary>Figure 1a: change → row with one browser and nothing else changing.</summary>
    public async Task<Row> AloneAsync(Browsers? shared = null)
    {
        var browsers = shared ?? await Browsers.LaunchAsync(Dashboard.Address, AdminUser, AdminPassword);
        try
        {
            var first = await browsers.OpenAsync();
            // The first changes after start run code the JIT has not compiled yet: in four runs the first sample was among
            // the four slowest each time. Warmed by restarts, which give the targets' restores steps back rather than use them.
            await LatencyAsync(first, 5, 0, "restart");
            Console.WriteLine("Change seen by a poller → row updated in Chromium, one browser...");
            var alone = (await LatencyAsync(first, Settings.LatencySamples, 0)).Select(s => s.Total).ToList();
            Console.WriteLine("  the slowest samples (ms, sample): " + string.Join(", ",
                alone.Select((ms, i) => (ms, i)).OrderByDescending(s => s.ms).Take(6).Select(s => $"{s.ms:0} (#{s.i})")));
            await browsers.CloseAllAsync();
            return new("1a", "Change seen by a poller → row updated in Chromium, one browser: p50 / p95",
                $"{Ms(Percentile(alone, 50))} / {Ms(Percentile(alone, 95))}", "p95 ≤ 10 ms", Goal(Percentile(alone, 95) <= 10));
        }
        finally
        {
            if (shared is null)
            {
                await browsers.DisposeAsync();
            }
        }
    }

    /// <summary>Managed heap and RSS per circuit on the main page, after warm-up, both settled after a collection.</summary>
    public async Task<Row> MemoryPerCircuitAsync(string number, Browsers? shared = null)
    {
        var browsers = shared ?? await Browsers.LaunchAsync(Dashboard.Address, AdminUser, AdminPassword);
        try
        {
            // One-time costs (JIT, first-use caches) go into the baseline, not to the first circuits.
            for (var i = 0; i < 3; i++)
            {
                await browsers.OpenAsync();
            }
            await browsers.CloseAllAsync();
            var (baseResident, baseHeap) = await SettledMemoryAsync();
            await HeapDumpAsync($"{number}-base");
            Console.WriteLine($"Memory: {Settings.MemoryBrowsers} circuits on the main page with {Targets} operations...");
            for (var i = 0; i < Settings.MemoryBrowsers; i++)
            {
                await browsers.OpenAsync();
            }
            var (resident, heap) = await SettledMemoryAsync();
            await HeapDumpAsync($"{number}-open");
            var heapPer = (heap - baseHeap) / (double)Settings.MemoryBrowsers;
            var residentPer = (resident - baseResident) / (double)Settings.MemoryBrowsers;
            await browsers.CloseAllAsync();
            return new(number, $"Server memory per circuit on the main page, {Targets} operations: managed heap delta (RSS delta) / circuits",
                $"{KiB(heapPer)} ({KiB(residentPer)})", "≤ 1 MiB", Goal(heapPer <= 1024 * 1024));
        }
        finally
        {
            if (shared is null)
            {
                await browsers.DisposeAsync();
            }
        }
    }

    /// <summary>What is left after every tab closes, and after Chromium is killed (circuits kept for the retention).</summary>
    private async Task<IReadOnlyList<Row>> MemoryReturnedAsync()
    {
        // A Chromium of its own: this one gets killed.
        var browsers = await Browsers.LaunchAsync(Dashboard.Address, AdminUser, AdminPassword);
        // One round first: code compiled and caches filled by the first tabs stay for the life of the process.
        for (var i = 0; i < Settings.MemoryBrowsers; i++)
        {
            await browsers.OpenAsync();
        }
        await browsers.CloseAllAsync();
        var baseline = await SettledMemoryAsync();
        for (var i = 0; i < Settings.MemoryBrowsers; i++)
        {
            await browsers.OpenAsync();
        }
        var open = await SettledMemoryAsync();
        await browsers.CloseAllAsync();
        var closed = await SettledMemoryAsync();

        for (var i = 0; i < Settings.MemoryBrowsers; i++)
        {
            await browsers.OpenAsync();
        }
        await SettledMemoryAsync();
        await browsers.KillAsync();
        var held = await SettledMemoryAsync();
        var circuitsHeld = (await Admin.DiagnosticsAsync()).GetProperty("circuits").GetInt64();
        Console.WriteLine($"Chromium killed: waiting the circuits' retention ({Settings.Retention.TotalSeconds:0} s)...");
        await Task.Delay(Settings.Retention + TimeSpan.FromSeconds(15));
        var returned = await SettledMemoryAsync();
        var circuitsLeft = (await Admin.DiagnosticsAsync()).GetProperty("circuits").GetInt64();
        await browsers.DisposeAsync();
        // The goal is judged on the managed heap (what the circuits hold); the working set follows the collector's
        // own decisions about committed memory, and is shown beside it.
        string Above((long Resident, long Heap) at) => $"{MiB(at.Heap - baseline.Heap)} ({MiB(at.Resident - baseline.Resident)})";
        bool Returned((long Resident, long Heap) at) => at.Heap - baseline.Heap <= Math.Max(0, open.Heap - baseline.Heap) / 10;
        return
        [
            new("4a", $"Managed heap (RSS) above baseline after {Settings.MemoryBrowsers} tabs close normally", Above(closed), "returned (≤ 10 % of open)",
                Goal(Returned(closed))),
            new("4b", $"Managed heap (RSS) above baseline with {Settings.MemoryBrowsers} tabs open / right after Chromium is killed ({circuitsHeld} circuits kept) / after the retention of {Settings.Retention.TotalSeconds:0} s ({circuitsLeft} left)",
                $"{Above(open)} / {Above(held)} / {Above(returned)}", "returned after the retention (≤ 10 % of open)",
                Goal(circuitsLeft == 0 && Returned(returned))),
        ];
    }

    /// <summary>Changes only operations no tab shows: the counter of operation renders must not move.</summary>
    private async Task<Row> RendersWhereNothingShowsAsync(List<IPage> pages)
    {
        var shown = new HashSet<string>(StringComparer.Ordinal);
        foreach (var page in pages)
        {
            shown.UnionWith(await page.EvaluateAsync<string[]>("[...document.querySelectorAll('td[data-op]')].map(td => td.dataset.op)"));
        }
        var hidden = Enumerable.Range(FastTargets, Targets - FastTargets)
            .Select(i => $"bench-{i:0000}").Where(t => !shown.Contains($"{t}:cluster-restore") && Changes.IsRunning(t)).Take(20).ToList();
        // The changes of the previous figure may still be on their way (a poll and a render away): count from a quiet store.
        var version = await QuietStoreVersionAsync();
        var before = (await Admin.DiagnosticsAsync()).GetProperty("operationRenders").GetInt64();
        foreach (var target in hidden)
        {
            await Changes.StepAsync(target);
        }
        // Every change reached the store (so every circuit heard of it) before the counter is read again.
        var deadline = Stopwatch.StartNew();
        while ((await Admin.DiagnosticsAsync()).GetProperty("storeVersion").GetInt64() < version + hidden.Count && deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(200);
        }
        await Task.Delay(1000);
        var renders = (await Admin.DiagnosticsAsync()).GetProperty("operationRenders").GetInt64() - before;
        return new("5", $"Operation renders in {pages.Count} circuits when {hidden.Count} operations none of them shows change (counter)",
            renders.ToString(CultureInfo.InvariantCulture), "0", Goal(renders == 0 && hidden.Count > 0));
    }

    /// <summary>
    /// The store's version once it has not moved for longer than the slow targets' poll interval (5 s): a change made
    /// just before the last figure ended reaches the store up to one interval later (at most 30 s of waiting).
    /// </summary>
    private async Task<long> QuietStoreVersionAsync()
    {
        var quietFor = TimeSpan.FromSeconds(6);
        var deadline = Stopwatch.StartNew();
        var version = (await Admin.DiagnosticsAsync()).GetProperty("storeVersion").GetInt64();
        var since = Stopwatch.StartNew();
        while (since.Elapsed < quietFor && deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500));
            var now = (await Admin.DiagnosticsAsync()).GetProperty("storeVersion").GetInt64();
            if (now != version)
            {
                (version, since) = (now, Stopwatch.StartNew());
            }
        }
        return version;
    }

    /// <summary>The dashboard's CPU time while the simulated operations change at the configured rate.</summary>
    private async Task<TimeSpan> CpuWhileChangingAsync()
    {
        // Every window starts from a collected heap: a background collection of what came before is not its cost. The
        // collector keeps its memory committed, or the window would pay for faulting it in again.
        await Admin.DiagnosticsAsync(collect: true, release: false);
        await Task.Delay(TimeSpan.FromSeconds(3));
        var before = Dashboard.Usage();
        var gcBefore = await Admin.DiagnosticsAsync();
        using (StartChanges())
        {
            await Task.Delay(Settings.CpuWindow);
        }
        var after = Dashboard.Usage();
        var gcAfter = await Admin.DiagnosticsAsync();
        int Gcs(string generation) => gcAfter.GetProperty(generation).GetInt32() - gcBefore.GetProperty(generation).GetInt32();
        Console.WriteLine($"  user {(after.User - before.User).TotalMilliseconds:0} ms, kernel {(after.Kernel - before.Kernel).TotalMilliseconds:0} ms, "
            + $"{after.PageFaults - before.PageFaults} page faults, collections {Gcs("gcGen0")}/{Gcs("gcGen1")}/{Gcs("gcGen2")} (gen 0/1/2)");
        return after.User + after.Kernel - before.User - before.Kernel;
    }

    /// <summary>
    /// The background changes (<see cref="ChangeStream"/>) at <see cref="BenchSettings.ChangesPerSecond"/>; none with
    /// BENCH_NO_CHANGES=1 (what connected circuits cost when nothing changes).
    /// </summary>
    private ChangesRunning StartChanges()
    {
        var stop = new CancellationTokenSource();
        if (System.Environment.GetEnvironmentVariable("BENCH_NO_CHANGES") == "1")
        {
            return new(stop);
        }
        _ = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1 / Settings.ChangesPerSecond));
            try
            {
                while (await timer.WaitForNextTickAsync(stop.Token))
                {
                    // Not awaited: a slow answer must not slow the rate down. A refused change is said, not lost.
                    _ = Changes.NextAsync().ContinueWith(
                        t => Console.WriteLine($"  a background change failed: {t.Exception!.GetBaseException().Message}"),
                        CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
                }
            }
            catch (OperationCanceledException)
            {
                // Done.
            }
        });
        return new(stop);
    }

    /// <summary>Stops the changes when disposed: disposing the token's source alone would not cancel the loop.</summary>
    private sealed class ChangesRunning(CancellationTokenSource stop) : IDisposable
    {
        public void Dispose()
        {
            stop.Cancel();
            stop.Dispose();
        }
    }

    /// <summary>
    /// With BENCH_DUMP_DIR set, a heap dump of the dashboard (dotnet-dump on PATH) for finding what a circuit holds:
    /// compare `dotnet-dump analyze X.dmp -c "dumpheap -stat"` of "-base" and "-open". (dotnet-gcdump's event-based
    /// dumps lose most of the heap on .NET 10.)
    /// </summary>
    private async Task HeapDumpAsync(string name)
    {
        var folder = System.Environment.GetEnvironmentVariable("BENCH_DUMP_DIR");
        if (string.IsNullOrEmpty(folder))
        {
            return;
        }
        Directory.CreateDirectory(folder);
        using var dump = Process.Start("dotnet-dump", ["collect", "--type", "Heap", "-p", Dashboard.Id.ToString(CultureInfo.InvariantCulture), "-o", Path.Combine(folder, name + ".dmp")]);
        await dump.WaitForExitAsync();
    }

    /// <summary>Resident and managed memory after the dashboard collected its garbage and settled.</summary>
    private async Task<(long Resident, long Heap)> SettledMemoryAsync()
    {
        await Task.Delay(2000);
        var diagnostics = await Admin.DiagnosticsAsync(collect: true);
        await Task.Delay(1000);
        return (Dashboard.ResidentBytes(), diagnostics.GetProperty("managedHeapBytes").GetInt64());
    }
}
