using System.Security.Cryptography;
using System.Text;
using BackupRestore.Dashboard.Components.Shared;
using BackupRestore.Dashboard.Vendors;
using Microsoft.AspNetCore.Mvc;

namespace BackupRestore.Dashboard.Features.Actions;

/// <summary>
/// Actions from the pages: plain form POSTs (antiforgery checked by the framework), answered with a redirect to
/// the page that shows the outcome. Target-level forms get their non-secret fields back to prefill the form
/// (kept with the outcome on the server, never in the address).
/// </summary>
internal static class ActionEndpoints
{
    /// <summary>Query keys of older prefill links, dropped from a returning page's address.</summary>
    public const string PrefillPrefix = "f.";

    public static IEndpointRouteBuilder MapActionForms(this IEndpointRouteBuilder app)
    {
        var forms = app.MapGroup("").RequireAuthorization(Auth.Policies.Operate);
        forms.MapPost("/operations/{id}/actions/{action}", (string id, string action, HttpRequest request, [FromForm] IFormCollection form, ActionService actions, ActionOutcomes outcomes) =>
            HandleAsync(form, outcomes, ReturnTo(request, "/"), prefill: false, input => actions.ExecuteAsync(ActionActors.Of(request.HttpContext), id, input with { Action = action }, SubmissionKey(input))));
        forms.MapPost("/targets/{name}/backups/{id}/actions/{action}", (string name, string id, string action, HttpRequest request, [FromForm] IFormCollection form, ActionService actions, ActionOutcomes outcomes) =>
            HandleAsync(form, outcomes, ReturnTo(request, ActionUrls.Target(name)), prefill: false, input => actions.ExecuteOnBackupAsync(ActionActors.Of(request.HttpContext), name, id, input with { Action = action }, SubmissionKey(input))));
        forms.MapPost("/targets/{name}/actions/{action}", (string name, string action, HttpRequest request, [FromForm] IFormCollection form, ActionService actions, ActionOutcomes outcomes) =>
            HandleAsync(form, outcomes, ReturnTo(request, ActionUrls.Target(name)), prefill: true, input => actions.ExecuteOnTargetAsync(ActionActors.Of(request.HttpContext), name, input with { Action = action }, SubmissionKey(input))));
        return app;
    }

    private static async Task<IResult> HandleAsync(
        IFormCollection form,
        ActionOutcomes outcomes,
        string defaultReturn,
        bool prefill,
        Func<ActionInput, Task<(ActionOutcome Outcome, bool Repeated)>> run)
    {
        var fields = form.Where(f => f.Key != CsrfField.FieldName)
            .ToDictionary(f => f.Key, f => f.Value.Where(v => v is not null).Select(v => v!).ToArray(), StringComparer.Ordinal);
        var (outcome, _) = await run(new ActionInput("", null, fields));
        var returnTo = Auth.AuthEndpoints.LocalOr(form["returnUrl"].ToString(), defaultReturn);
        var prefillFields = prefill
            ? fields.Where(f => !ActionInput.IsSecret(f.Key) && f.Key is not ("v" or "returnUrl"))
                .ToDictionary(f => f.Key, f => Hosting.Redaction.Apply(f.Value.FirstOrDefault() ?? ""), StringComparer.Ordinal)
            : null;
        var query = (returnTo.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "outcome=" + outcomes.Add(outcome, prefillFields);
        var anchor = outcome.OperationId is { Length: > 0 } id ? $"#op-{Uri.EscapeDataString(id)}" : "#outcome";
        return Results.Redirect(returnTo + query + anchor);
    }

    /// <summary>
    /// Back to the page the form was on (the same-origin Referer, its filters kept, an old outcome dropped), so that
    /// an operator keeps their place with or without JavaScript; otherwise <paramref name="fallback"/>.
    /// </summary>
    private static string ReturnTo(HttpRequest request, string fallback)
    {
        if (!Uri.TryCreate(request.Headers.Referer.ToString(), UriKind.Absolute, out var referer)
            || !string.Equals(referer.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase))
        {
            return fallback;
        }
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(referer.Query)
            .Where(q => q.Key != "outcome" && !q.Key.StartsWith(PrefillPrefix, StringComparison.Ordinal))
            .SelectMany(q => q.Value.Select(v => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(v ?? "")}"));
        var rest = string.Join('&', query);
        return Auth.AuthEndpoints.LocalOr(referer.AbsolutePath + (rest.Length == 0 ? "" : "?" + rest), fallback);
    }

    /// <summary>The card version plus every non-secret field: the same form sent again has the same key.</summary>
    private static string? SubmissionKey(ActionInput input)
    {
        if (!input.Fields.ContainsKey("v"))
        {
            return null;
        }
        var canonical = string.Join('\n', input.Fields.Where(f => !ActionInput.IsSecret(f.Key)).OrderBy(f => f.Key, StringComparer.Ordinal)
            .Select(f => $"{f.Key}={string.Join('\u001f', f.Value.Order(StringComparer.Ordinal))}"));
        return "form:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }
}
