namespace BackupRestore.Dashboard.Features.Wall;

/// <summary>
/// A target name on a tile: whole and large when it fits; smaller when that makes it fit; otherwise shortened in the
/// middle at its separators ("nsx-…cluster-03"), so that names differing only at their end stay apart. The tile shows
/// the full name on hover, and CSS still ends a line in an ellipsis should an estimate be short. Estimates only:
/// the server does not measure text.
/// </summary>
public static class WallNames
{
    /// <summary>The name's size on a tile, in em of the tile's font.</summary>
    public const double FullSizeEm = 1.35;

    public const double SmallestSizeEm = 1.0;

    /// <summary>A bold character is at most this wide on average, in em (Roboto and Liberation Sans, digits and dashes).</summary>
    public const double CharWidthEm = 0.6;

    /// <summary>What a tile's head line keeps for other things than the name, in em: padding, border, system label, gap.</summary>
    public const double HeadOtherEm = 6.0;

    private static readonly char[] Separators = ['-', '_', '.', ' ', ':', '/'];

    /// <summary>Room for the name on a tile of <paramref name="grid"/>, in em of the tile's font.</summary>
    public static double Room(WallGrid grid) => Math.Round(Math.Max(0, grid.TileWidth / grid.FontPx - HeadOtherEm), 1);

    public static (string Text, double SizeEm) Fit(string name, double roomEm)
    {
        var width = name.Length * CharWidthEm;
        if (width * FullSizeEm <= roomEm)
        {
            return (name, FullSizeEm);
        }
        var size = Math.Floor(roomEm / width * 20) / 20; // in steps of 0.05 em
        if (size >= SmallestSizeEm)
        {
            return (name, size);
        }
        var chars = (int)Math.Floor(roomEm / (CharWidthEm * SmallestSizeEm));
        return (chars >= name.Length || chars < 5 ? name : Shorten(name, chars), SmallestSizeEm);
    }

    /// <summary>At most <paramref name="chars"/> characters: whole pieces from the end (what tells names apart), then from the start.</summary>
    private static string Shorten(string name, int chars)
    {
        var pieces = Pieces(name);
        var keep = chars - 1;
        var tail = "";
        for (var i = pieces.Count - 1; i > 0 && tail.Length + pieces[i].Length <= keep * 0.6; i--)
        {
            tail = pieces[i] + tail;
        }
        var head = "";
        foreach (var piece in pieces)
        {
            if (head.Length + piece.Length + tail.Length > keep)
            {
                break;
            }
            head += piece;
        }
        if (head.Length == 0 || tail.Length == 0)
        {
            // No separators to cut at (or pieces too long): cut by characters, more of the end kept.
            var end = keep - keep / 2;
            return name[..(keep - end)] + "…" + name[^end..];
        }
        return head + "…" + tail;
    }

    /// <summary>"nsx-east-01" → "nsx-", "east-", "01": each piece keeps its separator.</summary>
    private static List<string> Pieces(string name)
    {
        var pieces = new List<string>();
        var start = 0;
        while (start < name.Length)
        {
            var next = name.IndexOfAny(Separators, start);
            var end = next < 0 ? name.Length : next + 1;
            pieces.Add(name[start..end]);
            start = end;
        }
        return pieces;
    }
}
