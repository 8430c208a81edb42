using BackupRestore.Dashboard.Features.Wall;

namespace BackupRestore.Dashboard.Tests.Features.Wall;

/// <summary>Names on tiles as a table: room in em → what is shown and how large.</summary>
public sealed class WallNamesTests
{
    private const string Long = "nsx-frankfurt-production-management-cluster-03";

    public static TheoryData<string, double, string, double> Table => new()
    {
        // Fits at full size.
        { "nsx-edge-01", 12.4, "nsx-edge-01", WallNames.FullSizeEm },
        { "cbr-vault-prod", 16.2, "cbr-vault-prod", WallNames.FullSizeEm },
        // Fits when a little smaller.
        { "geminidb-orders-east", 14, "geminidb-orders-east", 1.15 },
        // Too long even small: shortened in the middle at its dashes, the end that tells names apart kept.
        { Long, 12.4, "nsx-…cluster-03", WallNames.SmallestSizeEm },
        { Long, 16.3, "nsx-frankfurt-…cluster-03", WallNames.SmallestSizeEm },
        { Long, 40, Long, WallNames.FullSizeEm },
        // No separators: cut by characters.
        { "abcdefghijklmnopqrstuvwxyz0123456789", 9, "abcdefg…3456789", WallNames.SmallestSizeEm },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void A_name_is_shown_whole_smaller_or_shortened_in_the_middle(string name, double room, string shown, double size)
    {
        var (text, em) = WallNames.Fit(name, room);

        Assert.Equal((shown, size), (text, em));
        Assert.True(text.Length * WallNames.CharWidthEm * em <= room, $"{text} at {em} em in {room} em");
    }

    [Fact]
    public void Names_that_differ_only_at_their_end_stay_apart()
    {
        var room = WallNames.Room(WallGridLayout.Decide(60, 1920, 1080));

        Assert.NotEqual(WallNames.Fit(Long, room).Text, WallNames.Fit(Long[..^2] + "04", room).Text);
    }
}
