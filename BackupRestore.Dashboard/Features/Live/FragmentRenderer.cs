using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace BackupRestore.Dashboard.Features.Live;

/// <summary>
/// Renders a component to HTML outside any request. One renderer per render, in its own scope: a long-lived
/// HtmlRenderer keeps every root component it ever rendered.
/// </summary>
public sealed class FragmentRenderer(IServiceScopeFactory scopes, ILoggerFactory loggers)
{
    private long renders;

    /// <summary>How many fragments were rendered since start (the benchmark asserts one per change).</summary>
    public long RenderCount => Interlocked.Read(ref renders);

    public async Task<string> RenderAsync<TComponent>(IDictionary<string, object?> parameters) where TComponent : IComponent
    {
        Interlocked.Increment(ref renders);
        await using var scope = scopes.CreateAsyncScope();
        await using var renderer = new HtmlRenderer(scope.ServiceProvider, loggers);
        return await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var output = await renderer.RenderComponentAsync<TComponent>(ParameterView.FromDictionary(parameters));
            return output.ToHtmlString();
        });
    }
}
