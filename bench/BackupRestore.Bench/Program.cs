using BackupRestore.Bench;

// dotnet run -c Release --project bench/BackupRestore.Bench -- all|poll [--short] [--out path.json]
// "poll" runs figure 5 alone (1,000 polled targets), for changes on the polling path.
var shortMode = args.Contains("--short");
var outIndex = Array.IndexOf(args, "--out");
var output = outIndex >= 0 && outIndex + 1 < args.Length ? args[outIndex + 1] : Path.Combine(Repository.Root, "artifacts", "bench", "results.json");
var pollOnly = args.Contains("poll");
if (!args.Contains("all") && !pollOnly)
{
    Console.WriteLine("usage: BackupRestore.Bench all|poll [--short] [--out results.json]");
    return 2;
}

var settings = shortMode ? BenchSettings.Short : BenchSettings.Full;
var machine = Report.Machine();
Console.WriteLine($"BackupRestore benchmark ({(shortMode ? "short" : "full")}) on {machine}");
var rows = new List<Row>();
if (pollOnly)
{
    await using var only = await BenchRun.StartAsync(settings, settings.PollingTargets);
    rows.Add(await only.PollingScaleAsync());
    Console.WriteLine(Report.Markdown(rows, machine, shortMode));
    return 0;
}
await using (var run = await BenchRun.StartAsync(settings, settings.PageTargets))
{
    // Memory first, on a fresh process: the page phase would leave its garbage in the baseline.
    rows.AddRange(await run.LatencyAndFanOutAsync());
    rows.AddRange(await run.PageCostAsync());
}
await using (var polling = await BenchRun.StartAsync(settings, settings.PollingTargets))
{
    rows.Add(await polling.PollingScaleAsync());
}
rows.Add(await BenchRun.StartupAsync(settings));
rows.Sort((a, b) => string.CompareOrdinal(a.Number, b.Number));

var table = Report.Markdown(rows, machine, shortMode);
Console.WriteLine();
Console.WriteLine(table);
await Report.WriteJsonAsync(output, rows, machine, shortMode);
Console.WriteLine($"Results written to {output}");
return 0;
