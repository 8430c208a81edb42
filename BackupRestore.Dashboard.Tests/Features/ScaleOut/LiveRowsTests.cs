using BackupRestore.Dashboard.Features.ScaleOut;

namespace BackupRestore.Dashboard.Tests.Features.ScaleOut;

/// <summary>NOTIFY payloads stay under PostgreSQL's 8,000-byte limit however many targets one write names.</summary>
public sealed class LiveRowsTests
{
    [Fact]
    public void Three_thousand_long_target_names_are_cut_into_payloads_under_the_limit_and_read_back_whole()
    {
        var written = Enumerable.Range(1, 3_000).Select(i => new LiveNotice($"target-{i:0000}-".PadRight(64, 'x'), (long)i * 1_000_000_007, HealthOnly: i % 3 == 0)).ToList();

        var payloads = LiveRows.Payloads("instance-a", written).ToList();

        Assert.All(payloads, p => Assert.True(System.Text.Encoding.UTF8.GetByteCount(p) <= LiveRows.MaxPayloadBytes));
        Assert.True(payloads.Count > 1);
        var parsed = payloads.Select(LiveRows.Parse).ToList();
        Assert.All(parsed, p => Assert.Equal("instance-a", p.Writer));
        Assert.Equal(written, parsed.SelectMany(p => p.Targets));
    }

    [Theory]
    [InlineData("a\n12\tnsx-01", "nsx-01", 12L, false)]
    [InlineData("a\nh13\tnsx-01", "nsx-01", 13L, true)]
    public void A_line_says_whether_only_the_health_changed(string payload, string target, long version, bool healthOnly) =>
        Assert.Equal([new LiveNotice(target, version, healthOnly)], LiveRows.Parse(payload).Targets);

    [Theory]
    [InlineData("a\nh\tnsx-01")]
    [InlineData("a\nx12\tnsx-01")]
    [InlineData("a\n12nsx-01")]
    [InlineData("a\n\tnsx-01")]
    public void Malformed_lines_are_skipped(string payload) => Assert.Empty(LiveRows.Parse(payload).Targets);
}
