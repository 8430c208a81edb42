using BackupRestore.Dashboard.Features.Wall;

namespace BackupRestore.Dashboard.Tests.Features.Wall;

/// <summary>The wall's layout decision as a table: tile count × viewport → columns, rows, page size, pages.</summary>
public sealed class WallGridLayoutTests
{
    /// <summary>Tiles, viewport width and height → columns, rows, tiles per page, pages.</summary>
    public static TheoryData<int, int, int, int, int, int, int> Table => new()
    {
        // 1080p, the usual wall: up to 30 tiles on one screen, then balanced pages.
        { 1, 1920, 1080, 1, 1, 1, 1 },
        { 2, 1920, 1080, 2, 1, 2, 1 },
        { 4, 1920, 1080, 2, 2, 4, 1 },
        { 6, 1920, 1080, 3, 2, 6, 1 },
        { 7, 1920, 1080, 4, 2, 7, 1 },
        { 12, 1920, 1080, 4, 3, 12, 1 },
        { 16, 1920, 1080, 4, 4, 16, 1 },
        { 17, 1920, 1080, 5, 4, 17, 1 },
        { 24, 1920, 1080, 6, 4, 24, 1 },
        { 30, 1920, 1080, 6, 5, 30, 1 },
        { 31, 1920, 1080, 4, 4, 16, 2 },
        { 60, 1920, 1080, 6, 5, 30, 2 },
        { 100, 1920, 1080, 5, 5, 25, 4 },
        // 720p: fewer fit.
        { 4, 1280, 720, 2, 2, 4, 1 },
        { 17, 1280, 720, 3, 3, 9, 2 },
        { 60, 1280, 720, 4, 3, 12, 5 },
        // A 4K screen at 100 %: everything on one page.
        { 60, 3840, 2160, 9, 7, 60, 1 },
        // A screen turned upright.
        { 4, 1080, 1920, 1, 4, 4, 1 },
        { 17, 1080, 1920, 3, 6, 17, 1 },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Tile_count_and_viewport_decide_columns_rows_and_pages(int tiles, int width, int height, int columns, int rows, int pageSize, int pages)
    {
        var grid = WallGridLayout.Decide(tiles, width, height);

        Assert.Equal((columns, rows, pageSize, pages), (grid.Columns, grid.Rows, grid.PageSize, grid.Pages));
    }

    [Theory]
    [InlineData(4, 40)]
    [InlineData(17, 20)]
    [InlineData(60, 16)]
    public void Tiles_at_1080p_are_readable_from_across_a_room(int tiles, int atLeastPx)
    {
        var grid = WallGridLayout.Decide(tiles, 1920, 1080);

        Assert.InRange(grid.FontPx, atLeastPx, WallGridLayout.MaxFontPx);
        Assert.InRange(grid.MessageLines, 2, WallGridLayout.MaxMessageLines);
    }

    public static TheoryData<int, int> Viewports => new() { { 1920, 1080 }, { 1280, 720 }, { 3840, 2160 }, { 1080, 1920 }, { 1366, 768 } };

    [Theory]
    [MemberData(nameof(Viewports))]
    public void For_every_count_tiles_fill_the_area_and_pages_appear_only_when_tiles_would_be_unreadable(int width, int height)
    {
        var (areaWidth, areaHeight) = WallGridLayout.Area(width, height);
        for (var tiles = 1; tiles <= 200; tiles++)
        {
            var grid = WallGridLayout.Decide(tiles, width, height);
            var why = $"{tiles} tiles at {width}x{height}: {grid}";

            // Every tile is shown on some page, pages are balanced, and no row or column of the grid stays empty.
            Assert.True(grid.PageSize * grid.Pages >= tiles, why);
            Assert.True(grid.PageSize * (grid.Pages - 1) < tiles, why);
            Assert.True(grid.Columns * grid.Rows >= grid.PageSize, why);
            Assert.True(grid.Columns * (grid.Rows - 1) < grid.PageSize, why);
            Assert.True(grid.Rows * (grid.Columns - 1) < grid.PageSize || grid.Columns == 1, why);
            // The cells span the whole area: width and height.
            Assert.InRange(grid.TileWidth * grid.Columns + WallGridLayout.Gap * (grid.Columns - 1), areaWidth - 1, areaWidth + 1);
            Assert.InRange(grid.TileHeight * grid.Rows + WallGridLayout.Gap * (grid.Rows - 1), areaHeight - 1, areaHeight + 1);
            // Paging only when one page would be unreadable; a page is always readable.
            Assert.True(grid.FontPx >= WallGridLayout.MinFontPx, why);
            Assert.Equal(tiles > 1 && WallGridLayout.OnOneScreen(tiles, width, height) < WallGridLayout.MinFontPx, grid.Pages > 1);
            // A tile's content fits its height: fixed lines plus the message lines it is given.
            Assert.True(grid.FontPx * (WallGridLayout.FixedLinesEm + grid.MessageLines * WallGridLayout.MessageLineEm) <= grid.TileHeight + 0.5, why);
            // Pure: the same answer every time.
            Assert.Equal(grid, WallGridLayout.Decide(tiles, width, height));
        }
    }

    [Fact]
    public void No_tiles_is_one_empty_page()
    {
        var grid = WallGridLayout.Decide(0, 1920, 1080);

        Assert.Equal((0, 1), (grid.PageSize, grid.Pages));
    }

    [Fact]
    public void The_style_carries_the_decision_to_the_markup()
    {
        var grid = WallGridLayout.Decide(17, 1920, 1080);

        Assert.Equal($"--wall-cols:5;--wall-rows:4;--wall-font:{grid.FontPx}px;--wall-lines:{grid.MessageLines};--wall-gap:12px", grid.Style);
    }
}
