using System.Globalization;
using BackupRestore.Dashboard.Components.Shared;
using BackupRestore.Dashboard.Features.Operations;
using BackupRestore.Dashboard.Features.Targets;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;
using MudBlazor.Services;

namespace BackupRestore.Dashboard.Features.Wall;

/// <summary>
/// Follows the whole store for what the wall itself shows (membership, order, counts) within a window; each tile
/// follows its own operation. One clock, aligned to the minute, renders the clock, the relative times and the
/// 24-hour counts in one batch; another turns pages when there are several. Both are the app's
/// <see cref="TimeProvider"/>'s timers and end with the page.
/// </summary>
public sealed partial class WallPage : IBrowserViewportObserver
{
    /// <summary>With more tiles than fit readably, the wall shows the next page this often.</summary>
    internal static readonly TimeSpan PageEvery = TimeSpan.FromSeconds(15);

    /// <summary>The clock shows minutes: it ticks at each full minute.</summary>
    internal static readonly TimeSpan TickEvery = TimeSpan.FromMinutes(1);

    /// <summary>Until the browser reports its size: a 1080p screen, the usual wall.</summary>
    internal const int DefaultWidth = 1920;

    internal const int DefaultHeight = 1080;

    private readonly Dictionary<string, OperationEntry> current = new(StringComparer.Ordinal);
    private OperationsView view = OperationsView.Default;
    private WallBoard board = WallBoard.Empty;
    private WallGrid grid = WallGridLayout.Decide(0, DefaultWidth, DefaultHeight);
    private int viewportWidth = DefaultWidth;
    private int viewportHeight = DefaultHeight;
    private double nameRoom = 100;
    private int page;
    private int tick;
    private TimeSpan? localOffset;
    private ITimer? clock;
    private ITimer? pager;
    private bool watchingViewport;

    [Inject] private NavigationManager Navigation { get; set; } = default!;

    [Inject] private TargetCatalog Catalog { get; set; } = default!;

    [Inject] private IBrowserViewportService Viewport { get; set; } = default!;

    [Inject] private IJSRuntime JS { get; set; } = default!;

    /// <summary>Counts and order follow changes within <see cref="Components.LiveOptions.SummaryWindow"/>; tiles follow their operation at once.</summary>
    [Inject] private Microsoft.Extensions.Options.IOptions<Components.LiveOptions> Live { get; set; } = default!;

    Guid IBrowserViewportObserver.Id { get; } = Guid.NewGuid();

    ResizeOptions IBrowserViewportObserver.ResizeOptions { get; } = new() { ReportRate = 250, NotifyOnBreakpointOnly = false };

    private IEnumerable<string> PageTiles => board.Tiles.Skip(page * grid.PageSize).Take(grid.PageSize);

    /// <summary>The view in words: "All operations", or its filters ("NSX-T · Failed, Suspended · target “prod”").</summary>
    private string Scope
    {
        get
        {
            var parts = new List<string>();
            if (view.Systems.Count > 0)
            {
                parts.Add(string.Join(", ", view.Systems.Order(StringComparer.Ordinal).Select(SystemLabels.Of)));
            }
            if (view.States.Count > 0)
            {
                parts.Add(string.Join(", ", StateLabels.Order.Where(view.States.Contains).Select(StateLabels.Label)));
            }
            if (view.Target is not null)
            {
                parts.Add($"target “{view.Target}”");
            }
            if (view.HideFinished)
            {
                parts.Add("finished hidden");
            }
            return parts.Count == 0 ? "All operations" : string.Join(" · ", parts);
        }
    }

    /// <summary>Local time when the browser told its time zone, UTC until then.</summary>
    private string Clock
    {
        get
        {
            var now = Time.GetUtcNow();
            return localOffset is { } offset
                ? now.ToOffset(offset).ToString("HH:mm", CultureInfo.InvariantCulture)
                : now.ToString("HH:mm 'UTC'", CultureInfo.InvariantCulture);
        }
    }

    protected override void OnInitialized()
    {
        view = OperationsView.FromQuery(new Uri(Navigation.Uri).Query);
        foreach (var entry in Follow(null, Apply, Live.Value.SummaryWindow))
        {
            current[entry.Operation.Id] = entry;
        }
        Rebuild();
        var now = Time.GetUtcNow();
        var toNextMinute = TimeSpan.FromTicks(TimeSpan.TicksPerMinute - now.UtcTicks % TimeSpan.TicksPerMinute);
        clock = Time.CreateTimer(_ => _ = InvokeAsync(TickAsync), null, toNextMinute, TickEvery);
        pager = Time.CreateTimer(_ => _ = InvokeAsync(TurnPage), null, PageEvery, PageEvery);
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender)
        {
            return;
        }
        await Viewport.SubscribeAsync(this, fireImmediately: true);
        watchingViewport = true;
        await ReadTimeZoneAsync();
    }

    /// <summary>Applies a burst; true when the wall itself must render (tiles, their order, or counts changed).</summary>
    private bool Apply(IReadOnlyList<StoreChanges> burst)
    {
        var dirty = false;
        foreach (var changes in burst)
        {
            foreach (var entry in changes.Upserted)
            {
                var before = current.GetValueOrDefault(entry.Operation.Id);
                current[entry.Operation.Id] = entry;
                dirty |= before is null || before.FinishedAt != entry.FinishedAt || ShapeChanged(before.Operation, entry.Operation);
            }
            foreach (var id in changes.Removed)
            {
                dirty |= current.Remove(id);
            }
        }
        return dirty && Rebuild();
    }

    /// <summary>Whether a new snapshot can move the operation on the wall (not whether its tile changes).</summary>
    private bool ShapeChanged(Operation before, Operation after) =>
        before.State != after.State || before.Target != after.Target || before.System != after.System || before.Kind != after.Kind
        || view.Sort switch
        {
            OperationSort.Progress => before.Progress != after.Progress,
            OperationSort.TimeInState => before.StateSince != after.StateSince,
            _ => false,
        };

    /// <summary>Recomputes tiles, counts and the grid; true when any of them changed.</summary>
    private bool Rebuild()
    {
        var next = WallBoard.Build(current.Values, view, Time.GetUtcNow());
        var nextGrid = WallGridLayout.Decide(next.Tiles.Count, viewportWidth, viewportHeight);
        var changed = !next.SameAs(board) || nextGrid != grid;
        board = next;
        grid = nextGrid;
        nameRoom = WallNames.Room(grid);
        page = grid.Pages > 0 ? page % grid.Pages : 0;
        return changed;
    }

    private async Task TickAsync()
    {
        tick++;
        Rebuild();
        if (tick % 60 == 0)
        {
            await ReadTimeZoneAsync(); // daylight saving time
        }
        StateHasChanged();
    }

    private void TurnPage()
    {
        if (grid.Pages <= 1)
        {
            return;
        }
        page = (page + 1) % grid.Pages;
        StateHasChanged();
    }

    Task IBrowserViewportObserver.NotifyBrowserViewportChangeAsync(BrowserViewportEventArgs browserViewportEventArgs) => InvokeAsync(() =>
    {
        if (browserViewportEventArgs.BrowserWindowSize is not { Width: > 0, Height: > 0 } size || (size.Width == viewportWidth && size.Height == viewportHeight))
        {
            return;
        }
        viewportWidth = size.Width;
        viewportHeight = size.Height;
        if (Rebuild())
        {
            StateHasChanged();
        }
    });

    /// <summary>The browser's time zone, through the framework's interop (a Date object; no script of ours).</summary>
    private async Task ReadTimeZoneAsync()
    {
        try
        {
            await using var date = await JS.InvokeConstructorAsync("Date");
            var minutesBehindUtc = await date.InvokeAsync<int>("getTimezoneOffset");
            var offset = TimeSpan.FromMinutes(-minutesBehindUtc);
            if (offset != localOffset && offset.Duration() <= TimeSpan.FromHours(14))
            {
                localOffset = offset;
                StateHasChanged();
            }
        }
        catch (JSException)
        {
            // The clock stays in UTC.
        }
        catch (JSDisconnectedException)
        {
            // The circuit is going away.
        }
    }

    public override async ValueTask DisposeAsync()
    {
        if (clock is not null)
        {
            await clock.DisposeAsync();
        }
        if (pager is not null)
        {
            await pager.DisposeAsync();
        }
        if (watchingViewport)
        {
            await Viewport.UnsubscribeAsync(this);
        }
        await base.DisposeAsync();
    }
}
