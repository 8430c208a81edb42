using System.Linq.Expressions;
using AngleSharp.Diffing;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using BackupRestore.Dashboard.Vendors;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace BackupRestore.Dashboard.Tests.Infrastructure;

/// <summary>
/// A tiny bUnit-shaped test context (bUnit does not restore here): renders a component with the framework's
/// HtmlRenderer and queries the HTML with AngleSharp. Same calls as bUnit, so moving to it later is mechanical.
/// </summary>
public sealed class ComponentTestContext : IAsyncDisposable
{
    private readonly ServiceProvider services;

    public ComponentTestContext(TimeProvider? time = null)
    {
        // The app's own vendor registrations: cards ask the connectors how to label their actions.
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.AddVendors();
        builder.Services.AddSingleton(time ?? new ManualTimeProvider());
        Services = builder.Services;
        services = builder.Services.BuildServiceProvider();
    }

    public IServiceCollection Services { get; }

    public RenderedComponent Render<TComponent>(Action<ParameterBuilder<TComponent>> parameters) where TComponent : IComponent
    {
        var builder = new ParameterBuilder<TComponent>();
        parameters(builder);
        using var renderer = new HtmlRenderer(services, NullLoggerFactory.Instance);
        var html = renderer.Dispatcher.InvokeAsync(async () =>
            (await renderer.RenderComponentAsync<TComponent>(ParameterView.FromDictionary(builder.Values))).ToHtmlString()).GetAwaiter().GetResult();
        return new RenderedComponent(html);
    }

    public ValueTask DisposeAsync() => services.DisposeAsync();
}

public sealed class ParameterBuilder<TComponent>
{
    public Dictionary<string, object?> Values { get; } = [];

    public ParameterBuilder<TComponent> Add<TValue>(Expression<Func<TComponent, TValue>> parameter, TValue value)
    {
        Values[((MemberExpression)parameter.Body).Member.Name] = value;
        return this;
    }
}

public sealed class RenderedComponent
{
    private readonly INodeList nodes;

    public RenderedComponent(string markup)
    {
        Markup = markup;
        var document = new HtmlParser().ParseDocument("<!DOCTYPE html><html><body></body></html>");
        nodes = new HtmlParser().ParseFragment(markup, document.Body!);
        var container = document.CreateElement("div");
        foreach (var node in nodes.ToList())
        {
            container.AppendChild(node);
        }
        Root = container;
    }

    public string Markup { get; }

    public IElement Root { get; }

    public IElement Find(string selector) =>
        Root.QuerySelector(selector) ?? throw new InvalidOperationException($"No element matches '{selector}' in:\n{Markup}");

    public IReadOnlyList<IElement> FindAll(string selector) => Root.QuerySelectorAll(selector).ToList();

    /// <summary>Semantic comparison (whitespace and attribute order do not matter), like bUnit's MarkupMatches.</summary>
    public void MarkupMatches(string expected)
    {
        var diffs = DiffBuilder.Compare(expected).WithTest(Markup).Build().ToList();
        Assert.True(diffs.Count == 0, $"Markup differs ({diffs.Count} differences):\n{Markup}");
    }
}
