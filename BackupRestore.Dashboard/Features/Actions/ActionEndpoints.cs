using System.Security.Cryptography;
using System.Text;
using BackupRestore.Dashboard.Components.Shared;
using BackupRestore.Dashboard.Vendors;
using Microsoft.AspNetCore.Mvc;

namespace BackupRestore.Dashboard.Features.Actions;

/// <summary>Actions from the page: a plain form POST (antiforgery checked by the framework), answered with a redirect.</summary>
internal static class ActionEndpoints
{
    public static IEndpointRouteBuilder MapActionForms(this IEndpointRouteBuilder app)
    {
        app.MapPost("/operations/{id}/actions/{action}", HandleAsync).WithName("ActionForm");
        return app;
    }

    private static async Task<IResult> HandleAsync(
        string id,
        string action,
        [FromForm] IFormCollection form,
        ActionService actions,
        ActionOutcomes outcomes)
    {
        var fields = form.Where(f => f.Key != CsrfField.FieldName)
            .ToDictionary(f => f.Key, f => f.Value.Where(v => v is not null).Select(v => v!).ToArray(), StringComparer.Ordinal);
        var input = new ActionInput(action, null, fields);
        var (outcome, _) = await actions.ExecuteAsync(id, input, SubmissionKey(fields));
        var returnTo = form["returnUrl"].ToString() is { Length: > 1 } url && url[0] == '/' && url[1] is not ('/' or '\\') ? url : "/";
        var separator = returnTo.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        return Results.Redirect($"{returnTo}{separator}outcome={outcomes.Add(outcome)}#op-{Uri.EscapeDataString(id)}");
    }

    /// <summary>The card version plus every field: the same form sent again has the same key.</summary>
    private static string? SubmissionKey(Dictionary<string, string[]> fields)
    {
        if (!fields.ContainsKey("v"))
        {
            return null;
        }
        var canonical = string.Join('\n', fields.OrderBy(f => f.Key, StringComparer.Ordinal)
            .Select(f => $"{f.Key}={string.Join('\u001f', f.Value.Order(StringComparer.Ordinal))}"));
        return "form:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }
}
