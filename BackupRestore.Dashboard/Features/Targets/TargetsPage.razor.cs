using Microsoft.AspNetCore.Components;

namespace BackupRestore.Dashboard.Features.Targets;

/// <summary>
/// Follows the health board (one signal per burst of polls, within <see cref="Window"/>) and a coarse clock for the
/// times in words; either way the page renders only when a line reads differently.
/// </summary>
public sealed partial class TargetsPage : ComponentBase, IAsyncDisposable
{
    /// <summary>Health changes are shown within this window (a burst of polls is one render).</summary>
    internal static readonly TimeSpan Window = TimeSpan.FromSeconds(1);

    /// <summary>Times in words ("12 s ago") are read again this often.</summary>
    internal static readonly TimeSpan TickEvery = TimeSpan.FromSeconds(10);

    /// <summary>Above this many targets the table only renders what is on screen.</summary>
    private const int VirtualizeAbove = 50;

    private List<TargetRowView> rows = [];
    private Dictionary<string, DateTimeOffset> lastPolls = new(StringComparer.OrdinalIgnoreCase);
    private HealthFeed? feed;
    private ITimer? ticker;

    [Inject] private TargetHealthBoard Board { get; set; } = default!;

    [Inject] private TimeProvider Time { get; set; } = default!;

    private bool Virtualized => rows.Count > VirtualizeAbove;

    protected override void OnInitialized()
    {
        rows = Read();
        feed = new HealthFeed(Board.Subscribe(), () => InvokeAsync(Refresh), DispatchExceptionAsync, Time, Window);
        ticker = Time.CreateTimer(_ => _ = InvokeAsync(Refresh), null, TickEvery, TickEvery);
    }

    private int Count(HealthStatus status) => rows.Count(r => r.Status == status);

    /// <summary>The exact time sorts; the line shows it in words only, so a poll alone does not render it again.</summary>
    private DateTimeOffset LastPoll(string target) => lastPolls.GetValueOrDefault(target, DateTimeOffset.MinValue);

    private List<TargetRowView> Read()
    {
        var now = Time.GetUtcNow();
        var health = Board.All.ToList();
        lastPolls = health.Where(h => h.LastPollAt is not null).ToDictionary(h => h.Name, h => h.LastPollAt!.Value, StringComparer.OrdinalIgnoreCase);
        return health.Select(h => TargetRowView.Of(h, now)).ToList();
    }

    private void Refresh()
    {
        var next = Read();
        if (!next.SequenceEqual(rows))
        {
            rows = next;
            StateHasChanged();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (ticker is not null)
        {
            await ticker.DisposeAsync();
        }
        if (feed is not null)
        {
            await feed.DisposeAsync();
        }
    }
}
