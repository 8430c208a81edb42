namespace BackupRestore.Dashboard.Features.Wall;

/// <summary>
/// How the wall lays out its tiles on one screen: <see cref="Columns"/> × <see cref="Rows"/> cells that fill the
/// grid area, a page of <see cref="PageSize"/> tiles out of <see cref="Pages"/>, the tiles' font size in pixels and how
/// many lines of message a tile has room for.
/// </summary>
public sealed record WallGrid(int Columns, int Rows, int PageSize, int Pages, int FontPx, int MessageLines, double TileWidth, double TileHeight)
{
    /// <summary>Everything the page writes into the grid's style: one place, so that markup and decision agree.</summary>
    public string Style => FormattableString.Invariant(
        $"--wall-cols:{Columns};--wall-rows:{Rows};--wall-font:{FontPx}px;--wall-lines:{MessageLines};--wall-gap:{WallGridLayout.Gap}px");
}

/// <summary>
/// The wall's layout decision, pure: tile count and viewport in, grid out. Tiles fill the grid area's width and
/// height; the grid shape is the one that gives the largest readable font (a tile needs its fixed lines, two lines of
/// message, and a typical target name across). Below <see cref="MinFontPx"/> tiles are unreadable from across a room:
/// then the wall shows them a page at a time, balanced (60 tiles that fit 30 a page are two pages of 30, not 36 + 24).
/// </summary>
public static class WallGridLayout
{
    /// <summary>The header above the grid (clock, counts): a fixed height, so that the grid area is known exactly.</summary>
    public const int HeaderPx = 104;

    /// <summary>Around the grid (left, right, bottom).</summary>
    public const int PaddingPx = 16;

    public const int Gap = 12;

    /// <summary>The smallest tile text readable across a room on a 1080p screen.</summary>
    public const int MinFontPx = 16;

    public const int MaxFontPx = 44;

    /// <summary>A tile's height in em without its message: padding, name, state line, what, step, progress, gaps.</summary>
    public const double FixedLinesEm = 8.7;

    /// <summary>One line of message, in em of the tile's font.</summary>
    public const double MessageLineEm = 1.19;

    /// <summary>A tile's width in em for a typical target name (about 20 characters) on one line.</summary>
    public const double WidthEm = 17;

    public const int MaxMessageLines = 4;

    /// <summary>The grid area of a viewport: what remains under the header, inside the padding.</summary>
    public static (double Width, double Height) Area(int viewportWidth, int viewportHeight) =>
        (Math.Max(1, viewportWidth - 2 * PaddingPx), Math.Max(1, viewportHeight - HeaderPx - PaddingPx));

    public static WallGrid Decide(int tiles, int viewportWidth, int viewportHeight)
    {
        var (width, height) = Area(viewportWidth, viewportHeight);
        if (tiles <= 0)
        {
            return Finish(Shape(1, 1, width, height), 0, 0);
        }
        var all = Best(tiles, width, height);
        if (all.Font >= MinFontPx || tiles == 1)
        {
            return Finish(all, tiles, 1);
        }
        var fits = LargestReadablePage(tiles, width, height);
        var pages = (tiles + fits - 1) / fits;
        var pageSize = (tiles + pages - 1) / pages;
        return Finish(Best(pageSize, width, height), pageSize, pages);
    }

    /// <summary>The largest font all <paramref name="tiles"/> would get on one screen (unrounded).</summary>
    internal static double OnOneScreen(int tiles, int viewportWidth, int viewportHeight)
    {
        var (width, height) = Area(viewportWidth, viewportHeight);
        return Best(Math.Max(tiles, 1), width, height).Font;
    }

    /// <summary>
    /// The grid shape for <paramref name="tiles"/>: the largest font, except that a shape with fewer empty cells wins
    /// when its font is nearly as large (within 5 %, and still readable if the largest is): 7 tiles fill 4 × 2, not 3 × 3.
    /// </summary>
    private static Cell Best(int tiles, double width, double height)
    {
        var shapes = new List<Cell>();
        for (var columns = 1; columns <= tiles; columns++)
        {
            var rows = (tiles + columns - 1) / columns;
            if (columns > 1 && (columns - 1) * rows >= tiles)
            {
                continue; // a column fewer holds them all: this shape only adds an empty column
            }
            shapes.Add(Shape(columns, rows, width, height));
        }
        var largest = shapes.Max(s => s.Font);
        var enough = Math.Max(largest * 0.95, Math.Min(largest, MinFontPx));
        return shapes.Where(s => s.Font >= enough).OrderBy(s => s.Columns * s.Rows - tiles).ThenByDescending(s => s.Font).First();
    }

    private static int LargestReadablePage(int tiles, double width, double height)
    {
        // The most columns and rows that could hold readable tiles bound the search.
        var maxColumns = (int)Math.Max(1, Math.Floor((width + Gap) / (MinFontPx * WidthEm + Gap)));
        var maxRows = (int)Math.Max(1, Math.Floor((height + Gap) / (MinFontPx * (FixedLinesEm + 2 * MessageLineEm) + Gap)));
        var largest = 1;
        for (var size = 2; size <= Math.Min(tiles, maxColumns * maxRows); size++)
        {
            if (Best(size, width, height).Font >= MinFontPx)
            {
                largest = size;
            }
        }
        return largest;
    }

    private static Cell Shape(int columns, int rows, double width, double height)
    {
        var tileWidth = (width - Gap * (columns - 1)) / columns;
        var tileHeight = (height - Gap * (rows - 1)) / rows;
        var font = Math.Min(tileWidth / WidthEm, tileHeight / (FixedLinesEm + 2 * MessageLineEm));
        return new Cell(columns, rows, tileWidth, tileHeight, font);
    }

    private static WallGrid Finish(Cell cell, int pageSize, int pages)
    {
        var font = (int)Math.Floor(Math.Clamp(cell.Font, 10, MaxFontPx));
        var lines = (int)Math.Floor((cell.TileHeight / font - FixedLinesEm) / MessageLineEm);
        return new WallGrid(cell.Columns, cell.Rows, pageSize, Math.Max(pages, 1), font, Math.Clamp(lines, 1, MaxMessageLines),
            Math.Round(cell.TileWidth, 1), Math.Round(cell.TileHeight, 1));
    }

    private sealed record Cell(int Columns, int Rows, double TileWidth, double TileHeight, double Font);
}
