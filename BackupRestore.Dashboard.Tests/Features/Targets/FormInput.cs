using Bunit;
using MudBlazor;

namespace BackupRestore.Dashboard.Tests.Features.Targets;

/// <summary>Using MudBlazor form fields in bUnit as a user does: open a select and click an option, type into a field.</summary>
public static class FormInput
{
    /// <summary>Opens the select whose input carries <c>data-field=<paramref name="field"/></c> and clicks the option with <paramref name="value"/>.</summary>
    public static void Pick<T>(IRenderedComponent<T> scope, IRenderedComponent<MudPopoverProvider> popovers, string field, string value)
        where T : Microsoft.AspNetCore.Components.IComponent
    {
        Open(scope, field);
        popovers.WaitForAssertion(() => Assert.NotNull(popovers.Find($".mud-popover-open [data-option='{value}']")));
        popovers.Find($".mud-popover-open [data-option='{value}']").Click();
        popovers.WaitForAssertion(() => Assert.Empty(popovers.FindAll(".mud-popover-open [data-option]")));
    }

    /// <summary>Opens the select whose input carries <c>data-field</c> (MudBlazor 9 opens it on mouse down).</summary>
    public static void Open<T>(IRenderedComponent<T> scope, string field)
        where T : Microsoft.AspNetCore.Components.IComponent =>
        scope.Find($"[data-field='{field}']").Closest(".mud-input-control")!.MouseDown();

    /// <summary>Types into a MudBlazor text field (its input carries <c>data-field</c>) and leaves it, as a user does: immediate
    /// fields listen to input, the others to change.</summary>
    public static void Type<T>(IRenderedComponent<T> scope, string field, string text)
        where T : Microsoft.AspNetCore.Components.IComponent
    {
        var selector = $"input[data-field='{field}'], textarea[data-field='{field}']";
        try
        {
            scope.Find(selector).Input(text);
        }
        catch (MissingEventHandlerException)
        {
            // Not immediate: MudBlazor takes the value on change.
            scope.Find(selector).Change(text);
        }
        scope.Find(selector).Blur();
    }
}
