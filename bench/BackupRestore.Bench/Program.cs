using BackupRestore.Bench;

// dotnet run -c Release --project bench/BackupRestore.Bench -- all|circuits|alone|crowd|floor|memory|poll|cluster|start [--short] [--out path.json]
// "circuits" runs the browser figures alone, "cluster" the three-instance figure (PostgreSQL), "memory" memory per circuit alone (500 and 1,000 operations), "alone" figure 1a alone, "crowd" figure 1b alone with where its time goes, "floor" figure 1f alone (the same crowd on a bare page; circuits and crowd run it too), "poll" the polling figure alone, "start" start-up alone; several may be named.
var shortMode = args.Contains("--short");
var outIndex = Array.IndexOf(args, "--out");
var output = outIndex >= 0 && outIndex + 1 < args.Length ? args[outIndex + 1] : Path.Combine(Repository.Root, "artifacts", "bench", "results.json");
var all = args.Contains("all");
var circuits = all || args.Contains("circuits");
var poll = all || args.Contains("poll");
var memory = !circuits && args.Contains("memory");
var crowd = !circuits && args.Contains("crowd");
var cluster = all || args.Contains("cluster");
var start = all || args.Contains("start");
var alone = !circuits && args.Contains("alone");
var floor = circuits || crowd || args.Contains("floor");
if (!circuits && !alone && !crowd && !poll && !memory && !cluster && !start && !floor)
{
    Console.WriteLine("usage: BackupRestore.Bench all|circuits|alone|crowd|floor|memory|poll|cluster|start [--short] [--out results.json]");
    return 2;
}

var settings = shortMode ? BenchSettings.Short : BenchSettings.Full;
var machine = Report.Machine();
Console.WriteLine($"BackupRestore benchmark ({(shortMode ? "short" : "full")}) on {machine}");
var rows = new List<Row>();
if (floor)
{
    // Before any dashboard starts: the browsers' own cost, nothing else running.
    rows.Add(await BareTabs.MeasureAsync(settings));
}
if (circuits)
{
    await using (var run = await BenchRun.StartAsync(settings, settings.PageTargets, BenchSettings.LatencyTargets))
    {
        rows.AddRange(await run.CircuitsAsync());
        rows.AddRange(await run.FirstLoadAsync());
    }
    await using (var large = await BenchRun.StartAsync(settings, settings.LargeTargets))
    {
        rows.Add(await large.MemoryPerCircuitAsync("2b"));
    }
}
if (memory)
{
    await using (var run = await BenchRun.StartAsync(settings, settings.PageTargets))
    {
        rows.Add(await run.MemoryPerCircuitAsync("2a"));
    }
    await using (var large = await BenchRun.StartAsync(settings, settings.LargeTargets))
    {
        rows.Add(await large.MemoryPerCircuitAsync("2b"));
    }
}
if (alone)
{
    await using var run = await BenchRun.StartAsync(settings, settings.PageTargets, BenchSettings.LatencyTargets);
    rows.Add(await run.AloneAsync());
}
if (crowd)
{
    await using var run = await BenchRun.StartAsync(settings, settings.PageTargets, BenchSettings.LatencyTargets);
    rows.AddRange(await run.CrowdAsync());
}
if (poll)
{
    await using var polling = await BenchRun.StartAsync(settings, settings.PollingTargets);
    rows.Add(await polling.PollingScaleAsync());
}
if (cluster)
{
    rows.AddRange(await ScaleOutRun.MeasureAsync(settings));
}
if (start)
{
    rows.Add(await BenchRun.StartupAsync(settings));
}
rows.Sort((a, b) => string.CompareOrdinal(a.Number, b.Number));

var table = Report.Markdown(rows, machine, shortMode);
Console.WriteLine();
Console.WriteLine(table);
await Report.WriteJsonAsync(output, rows, machine, shortMode);
Console.WriteLine($"Results written to {output}");
return 0;
