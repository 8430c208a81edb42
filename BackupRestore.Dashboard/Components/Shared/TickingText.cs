using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;

namespace BackupRestore.Dashboard.Components.Shared;

/// <summary>Text that depends on the time (a relative time), rendered again when the circuit's clock ticks and the text reads differently.</summary>
public sealed class TickingText : ComponentBase, IDisposable
{
    private string rendered = "";

    [Inject] private LiveClock Clock { get; set; } = default!;

    [Parameter, EditorRequired] public Func<string> Text { get; set; } = () => "";

    protected override void OnInitialized() => Clock.Ticked += OnTicked;

    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        rendered = Text();
        builder.AddContent(0, rendered);
    }

    private void OnTicked()
    {
        if (Text() != rendered)
        {
            StateHasChanged();
        }
    }

    public void Dispose() => Clock.Ticked -= OnTicked;
}
