using System.Globalization;

namespace BackupRestore.Bench;

/// <summary>The whole machine's CPU counters (/proc/stat): with Chromium on the same cores, whether they are saturated.</summary>
internal readonly record struct MachineCpu(long Busy, long Total)
{
    public static MachineCpu Read()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..]
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        // user nice system idle iowait irq softirq steal ...: idle and iowait are the idle part.
        var total = fields.Take(8).Sum();
        return new(total - fields[3] - fields[4], total);
    }

    /// <summary>The share (0..1) of all cores' time that was busy since <paramref name="earlier"/>.</summary>
    public double BusySince(MachineCpu earlier) =>
        Total == earlier.Total ? 0 : (Busy - earlier.Busy) / (double)(Total - earlier.Total);
}
