using BackupRestore.Dashboard.Features.Diagnostics;

namespace BackupRestore.Dashboard.Tests.Features.Diagnostics;

public sealed class RuntimeStatsTests
{
    [Fact]
    public void Render_delays_give_their_percentiles_apart_from_tick_lags_and_reset_together()
    {
        var stats = new RuntimeStats();
        for (var ms = 1; ms <= 100; ms++)
        {
            stats.RecordRenderDelay(TimeSpan.FromMilliseconds(ms));
        }
        stats.RecordTick(TimeSpan.FromMilliseconds(500));

        Assert.Equal(50, stats.RenderDelay(50));
        Assert.Equal(95, stats.RenderDelay(95));
        Assert.Equal(500, stats.TickLag(99));

        stats.ResetLags();

        Assert.Equal(0, stats.RenderDelay(95));
        Assert.Equal(0, stats.TickLag(99));
        Assert.Equal(0, stats.RenderDelaySamples);
    }

    [Fact]
    public void Render_delays_keep_the_latest_twenty_thousand()
    {
        var stats = new RuntimeStats();
        for (var i = 0; i < 25_000; i++)
        {
            stats.RecordRenderDelay(TimeSpan.FromMilliseconds(i < 5_000 ? 1_000 : 1));
        }

        Assert.Equal(20_000, stats.RenderDelaySamples);
        // The 5,000 slow ones came first and were overwritten.
        Assert.Equal(1, stats.RenderDelay(100));
    }
}
