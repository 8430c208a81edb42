using BackupRestore.Dashboard.Components.Shared;
using BackupRestore.Dashboard.Tests.Infrastructure;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;

namespace BackupRestore.Dashboard.Tests.Components.Shared;

/// <summary>The circuit's clock pulse: every listener that renders on a tick does so in one render batch.</summary>
public sealed class ClockPulseTests : DashboardTestContext
{
    [Fact]
    public void Listeners_that_render_on_a_tick_render_in_one_batch_and_only_on_a_tick()
    {
        var log = new List<string>();
        var host = Render(builder =>
        {
            builder.OpenComponent<ClockPulse>(0);
            builder.AddComponentParameter(1, nameof(ClockPulse.Every), TimeSpan.FromSeconds(30));
            builder.CloseComponent();
            foreach (var name in new[] { "a", "b" })
            {
                builder.OpenComponent<Listener>(2);
                builder.AddComponentParameter(3, nameof(Listener.Name), name);
                builder.AddComponentParameter(4, nameof(Listener.Log), log);
                builder.CloseComponent();
            }
        });
        log.Clear();

        Time.Advance(TimeSpan.FromSeconds(29));
        var beforeTheTick = log.ToList();
        Time.Advance(TimeSpan.FromSeconds(1));

        Assert.Empty(beforeTheTick);
        // In separate batches each render would be followed by its own after-render: render a, after a, render b, ...
        host.WaitForAssertion(() => Assert.Equal(["render a", "render b", "after a", "after b"], log));
    }

    /// <summary>Renders again on every tick, and writes when it renders and when its batch has reached the page.</summary>
    internal sealed class Listener : ComponentBase, IDisposable
    {
        [Inject] private LiveClock Clock { get; set; } = default!;

        [Parameter] public string Name { get; set; } = "";

        [Parameter] public List<string> Log { get; set; } = [];

        protected override void OnInitialized() => Clock.Ticked += StateHasChanged;

        protected override void BuildRenderTree(RenderTreeBuilder builder)
        {
            Log.Add($"render {Name}");
            builder.AddContent(0, Name);
        }

        protected override void OnAfterRender(bool firstRender) => Log.Add($"after {Name}");

        public void Dispose() => Clock.Ticked -= StateHasChanged;
    }
}
