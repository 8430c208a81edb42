using System.Text.Json;
using BackupRestore.Dashboard.Features.Auth;
using BackupRestore.Dashboard.Features.Wall;
using BackupRestore.Dashboard.Tests.Infrastructure;
using BackupRestore.Simulator.Nsx;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BackupRestore.Dashboard.Tests.Browser;

/// <summary>
/// The wall in Chromium at 1920×1080, measured in the page: it fills the screen for 4, 17 and 60 operations with no
/// scrollbar, no name broken mid-word and no line cut without an ellipsis; its link and its refusals; the README's
/// screenshot.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class WallBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly List<IBrowserContext> contexts = [];
    private SimulatorHandle sim = default!;

    public async Task InitializeAsync() => sim = await SimulatorHandle.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var context in contexts)
        {
            await context.CloseAsync();
        }
        await sim.DisposeAsync();
    }

    [Theory]
    [InlineData(4, 4, 1)]
    [InlineData(17, 17, 1)]
    [InlineData(60, 30, 2)]
    public async Task Operations_fill_a_1080p_wall_without_scrolling_names_broken_mid_word_or_lines_cut(int operations, int onScreen, int pages)
    {
        var targets = Enumerable.Range(0, operations).Select(AddTarget).ToList();
        await using var app = DashboardApp.Start(targets.Select(t => sim.TargetOptions("nsx", t, TimeSpan.FromSeconds(30))));
        var page = await WallAsync(app, $"wall?token={await app.TokenAsync(Roles.Viewer)}");

        await Expect(page.Locator("#wall-grid")).ToHaveAttributeAsync("data-tiles", operations.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(page.Locator("article.wall-tile")).ToHaveCountAsync(onScreen);
        await Expect(page.Locator("article.wall-tile").First).ToHaveAttributeAsync("data-state", "suspended");
        if (pages > 1)
        {
            await Expect(page.Locator("#wall-page")).ToHaveTextAsync($"Page 1 of {pages}");
        }
        else
        {
            await Expect(page.Locator("#wall-page")).ToHaveCountAsync(0);
        }
        var measured = await page.EvaluateAsync<JsonElement>(WallMeasure.Script);

        Assert.True(measured.GetProperty("problems").GetArrayLength() == 0, string.Join('\n', measured.GetProperty("problems").EnumerateArray()));
        Assert.True(measured.GetProperty("scrollWidth").GetDouble() <= 1920, "no horizontal scroll");
        Assert.True(measured.GetProperty("scrollHeight").GetDouble() <= 1080, "no vertical scroll");
        // The tiles span the screen's width and height (no 218 px margins, no empty third).
        Assert.InRange(measured.GetProperty("left").GetDouble(), 15, 17);
        Assert.InRange(measured.GetProperty("right").GetDouble(), 1920 - 17, 1920 - 15);
        Assert.InRange(measured.GetProperty("bottom").GetDouble(), 1080 - 17, 1080 - 15);
        Assert.InRange(measured.GetProperty("top").GetDouble(), WallGridLayout.HeaderPx - 1, WallGridLayout.HeaderPx + 1);
        // Long names end in an ellipsis with the whole name on hover; the test fleet has some.
        Assert.True(measured.GetProperty("ellipsized").GetInt32() > 0, "a long name was measured");
        Assert.True(measured.GetProperty("fontPx").GetDouble() >= WallGridLayout.MinFontPx);
    }

    [Fact]
    public async Task A_viewer_wall_link_opens_the_live_wall_and_an_operator_token_is_refused()
    {
        var east = sim.AddNsx("east", NsxScenario.RunsToSuccess with { RestartAtStep = null });
        sim.AddNsx("west", NsxScenario.SuspendsForUserAction);
        await using var app = DashboardApp.Start(new[] { "east", "west" }.Select(t => sim.TargetOptions("nsx", t, TimeSpan.FromMilliseconds(300))));

        var page = await WallAsync(app, $"wall?token={await app.TokenAsync(Roles.Viewer)}&state=suspended,running");
        await Expect(page.Locator("article.wall-tile")).ToHaveCountAsync(2);
        var step = page.Locator("[id='tile-east:cluster-restore'] .tile-step");
        await Expect(step).ToContainTextAsync("Step 2 of 11", new() { Timeout = 10_000 });
        east.CompleteCurrentStep();

        await Expect(step).ToContainTextAsync("Step 3 of 11");
        Assert.DoesNotContain("token=", page.Url, StringComparison.Ordinal);
        Assert.EndsWith("/wall?state=suspended%2Crunning", page.Url, StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("button, a, input, select, textarea, form").CountAsync());

        var refused = await browser.Browser.NewPageAsync();
        var answer = await refused.GotoAsync($"{app.Address}wall?token={await app.TokenAsync(Roles.Operator)}");
        Assert.Equal(403, answer!.Status);
        await Expect(refused.Locator("body")).ToContainTextAsync("Only a viewer token can open a wall");
        Assert.Equal(0, await refused.Locator("article.wall-tile").CountAsync());
        await refused.Context.CloseAsync();
    }

    [Fact]
    public async Task Revoking_the_token_ends_the_live_wall_and_the_wall_says_so_without_asking_again()
    {
        sim.AddNsx("east", NsxScenario.RunsToSuccess with { RestartAtStep = null });
        await using var app = DashboardApp.Start([sim.TargetOptions("nsx", "east", TimeSpan.FromSeconds(30))],
            settings: new Dictionary<string, string?> { ["Auth:RevalidationInterval"] = "00:00:01" });
        var token = await app.TokenAsync(Roles.Viewer);
        var page = await WallAsync(app, $"wall?token={token}");
        await Expect(page.Locator("article.wall-tile")).ToHaveCountAsync(1);

        var tokens = app.Get<TokenStore>();
        await tokens.RevokeAsync((await tokens.ListAsync(default)).Single(t => token.StartsWith(t.Prefix, StringComparison.Ordinal)).Id, default);

        await Expect(page.Locator("#wall-revoked h1")).ToHaveTextAsync(WallAccess.RevokedText, new() { Timeout = 15_000 });
        Assert.Equal("/wall", new Uri(page.Url).AbsolutePath);
        Assert.Equal(0, await page.EvaluateAsync<int>("document.scripts.length"));
        Assert.Equal(0, await page.Locator("input[type=password]").CountAsync());
    }

    [Fact]
    [Trait("Category", Screenshots.Category)]
    public async Task The_demo_wall_at_1080p_shows_what_needs_a_human_on_one_screen_and_counts_the_rest()
    {
        await using var app = DashboardApp.StartDemo();
        var page = await WallAsync(app, $"wall?token={await app.TokenAsync(Roles.Viewer)}");

        await Expect(page.Locator("article.wall-tile").First).ToHaveAttributeAsync("data-state", "suspended");
        await Expect(page.Locator(".wall-count[data-state=idle]")).Not.ToHaveAttributeAsync("data-count", "0");
        await Expect(page.Locator("article.wall-tile[data-state=failed]").First).ToBeVisibleAsync();
        await Expect(page.Locator("#demo-marker")).ToBeVisibleAsync();
        // The clock is in the screen's own time zone once the browser told it (through the framework's interop).
        await Expect(page.Locator("#wall-clock")).Not.ToContainTextAsync("UTC");
        await Expect(page.Locator("#wall-clock")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[0-2][0-9]:[0-5][0-9]$"));

        // A tile that just finished leaves with the next summary (within the live window): wait for the wall to settle.
        await Expect(page.Locator("article.wall-tile[data-state=succeeded], article.wall-tile[data-state=idle], article.wall-tile[data-state=cancelled]")).ToHaveCountAsync(0);
        await Expect(page.Locator("#wall-page")).ToHaveCountAsync(0);
        var measured = await page.EvaluateAsync<JsonElement>(WallMeasure.Script);
        Assert.True(measured.GetProperty("problems").GetArrayLength() == 0, string.Join('\n', measured.GetProperty("problems").EnumerateArray()));

        var shot = Screenshots.PathFor("screenshot-wall.png");
        await page.ScreenshotAsync(new() { Path = shot });
        Assert.True(new FileInfo(shot).Length > 10_000);
    }

    /// <summary>Mixed states and names, some long: failed (with a long message), suspended, running.</summary>
    private string AddTarget(int i)
    {
        var name = i % 3 == 0 ? $"nsx-frankfurt-production-management-cluster-{i:00}" : $"nsx-edge-{i:00}";
        switch (i % 4)
        {
            case 0:
                sim.AddNsx(name, NsxScenario.WrongPassphrase with { RestartAtStep = null }).CompleteCurrentStep();
                break;
            case 1:
                sim.AddNsx(name, NsxScenario.SuspendsForUserAction);
                break;
            default:
                sim.AddNsx(name, NsxScenario.RunsToSuccess with { RestartAtStep = null });
                break;
        }
        return name;
    }

    private async Task<IPage> WallAsync(DashboardApp app, string path)
    {
        var context = await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1920, Height = 1080 } });
        contexts.Add(context);
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync(app.Address + path);
        return page;
    }
}

/// <summary>Measures the wall in the page: what a person across the room would see cut, broken or scrolled.</summary>
internal static class WallMeasure
{
    public const string Script = """
        () => {
          const problems = [];
          let ellipsized = 0;
          const describe = el => `${el.className.split(' ')[0]} "${el.textContent.trim().slice(0, 60)}"`;
          const lineCount = el => {
            const range = document.createRange();
            range.selectNodeContents(el);
            return new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top))).size;
          };
          // One-line texts never wrap; cut ones end in an ellipsis and carry their whole text on hover.
          for (const el of document.querySelectorAll('.tile-name, .tile-what, .tile-step, .tile-flag, .tile-since, .wall-scope, .wall-count-text, .wall-brand, .wall-clock, .wall-page')) {
            const style = getComputedStyle(el);
            if (style.whiteSpace !== 'nowrap') problems.push(`${describe(el)} may wrap (white-space: ${style.whiteSpace})`);
            if (lineCount(el) > 1) problems.push(`${describe(el)} takes ${lineCount(el)} lines`);
            if (el.scrollWidth > el.clientWidth + 1) {
              if (style.textOverflow !== 'ellipsis' || style.overflowX !== 'hidden') problems.push(`${describe(el)} is cut without an ellipsis`);
              if (!el.closest('[title]')?.title) problems.push(`${describe(el)} is cut and has no full text on hover`);
            }
          }
          // Names: never broken inside a word, one line, the full name on hover; a shortened one shows its ellipsis.
          for (const el of document.querySelectorAll('.tile-name')) {
            const style = getComputedStyle(el);
            if (['break-all', 'break-word'].includes(style.wordBreak)) problems.push(`${describe(el)} has word-break: ${style.wordBreak}`);
            if (['anywhere', 'break-word'].includes(style.overflowWrap)) problems.push(`${describe(el)} has overflow-wrap: ${style.overflowWrap}`);
            if (lineCount(el) !== 1) problems.push(`${describe(el)} is on ${lineCount(el)} lines`);
            if (el.title !== el.dataset.name) problems.push(`${describe(el)} has title "${el.title}" for "${el.dataset.name}"`);
            const shortened = el.textContent !== el.title;
            if (shortened && !el.textContent.includes('…')) problems.push(`${describe(el)} is shortened without an ellipsis`);
            if (shortened || el.scrollWidth > el.clientWidth + 1) ellipsized++;
          }
          // Messages: whole lines only; when longer, clamped with an ellipsis; always inside their tile.
          for (const el of document.querySelectorAll('.tile-message')) {
            const style = getComputedStyle(el);
            const shown = el.clientHeight / parseFloat(style.lineHeight);
            if (Math.abs(shown - Math.round(shown)) > 0.05) problems.push(`${describe(el)} shows ${shown.toFixed(2)} lines`);
            // A line clamp ends the last line shown with an ellipsis (Chromium computes the clamped box's display as flow-root).
            if (el.scrollHeight > el.clientHeight + 1 && !(Number(style.webkitLineClamp) >= 1)) problems.push(`${describe(el)} is cut without an ellipsis`);
            if (el.title !== el.textContent) problems.push(`${describe(el)} lacks its full text on hover`);
            const tile = el.closest('.wall-tile');
            if (el.getBoundingClientRect().bottom > tile.getBoundingClientRect().bottom - parseFloat(getComputedStyle(tile).paddingBottom) + 1) problems.push(`${describe(el)} runs past its tile`);
          }
          const tiles = [...document.querySelectorAll('.wall-tile')];
          for (const tile of tiles) {
            const r = tile.getBoundingClientRect();
            if (tile.scrollHeight > tile.clientHeight + 1) problems.push(`tile ${tile.id} is taller inside (${tile.scrollHeight}) than shown (${tile.clientHeight})`);
            if (r.right > innerWidth || r.bottom > innerHeight || r.left < 0 || r.top < 0) problems.push(`tile ${tile.id} is off screen`);
          }
          const header = document.getElementById('wall-header');
          if (header.scrollHeight > header.clientHeight + 1) problems.push('the header is cut');
          const rects = tiles.map(t => t.getBoundingClientRect());
          return {
            problems,
            ellipsized,
            scrollWidth: document.documentElement.scrollWidth,
            scrollHeight: document.documentElement.scrollHeight,
            left: Math.min(...rects.map(r => r.left)),
            right: Math.max(...rects.map(r => r.right)),
            top: Math.min(...rects.map(r => r.top)),
            bottom: Math.max(...rects.map(r => r.bottom)),
            fontPx: parseFloat(getComputedStyle(tiles[0]).fontSize),
          };
        }
        """;
}
