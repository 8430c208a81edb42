using BackupRestore.Dashboard.Features.ScaleOut;

namespace BackupRestore.Dashboard.Tests.Features.ScaleOut;

/// <summary>NOTIFY payloads stay under PostgreSQL's 8,000-byte limit however many targets one write names.</summary>
public sealed class LiveRowsTests
{
    [Fact]
    public void Three_thousand_long_target_names_are_cut_into_payloads_under_the_limit_and_read_back_whole()
    {
        var written = Enumerable.Range(1, 3_000).Select(i => ($"target-{i:0000}-".PadRight(64, 'x'), (long)i * 1_000_000_007)).ToList();

        var payloads = LiveRows.Payloads("instance-a", written).ToList();

        Assert.All(payloads, p => Assert.True(System.Text.Encoding.UTF8.GetByteCount(p) <= LiveRows.MaxPayloadBytes));
        Assert.True(payloads.Count > 1);
        var parsed = payloads.Select(LiveRows.Parse).ToList();
        Assert.All(parsed, p => Assert.Equal("instance-a", p.Writer));
        Assert.Equal(written, parsed.SelectMany(p => p.Targets));
    }
}
