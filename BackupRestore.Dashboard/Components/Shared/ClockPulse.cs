using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;

namespace BackupRestore.Dashboard.Components.Shared;

/// <summary>
/// Advances the circuit's <see cref="LiveClock"/> every <see cref="Every"/>, from inside a render batch. Each listener
/// that renders again on the tick (a row whose time in state now reads "13 min", a relative time in an open card) then
/// joins the batch in progress: one render batch per tick for the whole page, not one per row. Every batch has a fixed
/// cost on the server (the diff's serialization, the send, the browser's acknowledgement), and at a minute's turn most
/// visible rows change their words together.
/// </summary>
public sealed class ClockPulse : ComponentBase, IAsyncDisposable
{
    private ITimer? timer;
    private long tick;
    private long rendered = -1;

    [Inject] private TimeProvider Time { get; set; } = default!;

    [Parameter, EditorRequired] public TimeSpan Every { get; set; }

    protected override void OnInitialized() =>
        timer = Time.CreateTimer(_ => _ = InvokeAsync(() =>
        {
            tick++;
            StateHasChanged();
        }), null, Every, Every);

    // The page renders it again with every change of its list; only a tick is news.
    protected override bool ShouldRender() => tick != rendered;

    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        rendered = tick;
        builder.OpenComponent<ClockSignal>(0);
        builder.AddComponentParameter(1, nameof(ClockSignal.Tick), tick);
        builder.CloseComponent();
    }

    public ValueTask DisposeAsync() => timer?.DisposeAsync() ?? ValueTask.CompletedTask;
}

/// <summary>
/// Raises <see cref="LiveClock.Ticked"/> when its parent renders it with a new tick: the renderer is then in the middle
/// of a batch, so the listeners' StateHasChanged calls are queued into it instead of each starting a batch of its own.
/// </summary>
public sealed class ClockSignal : ComponentBase
{
    [Inject] private LiveClock Clock { get; set; } = default!;

    [Parameter] public long Tick { get; set; }

    protected override void OnParametersSet()
    {
        if (Tick > 0)
        {
            Clock.Advance();
        }
    }

    // Renders nothing of its own, ever.
    protected override bool ShouldRender() => false;
}
