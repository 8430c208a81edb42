using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using BackupRestore.Dashboard.Components.Shared;
using BackupRestore.Dashboard.Features.Actions;
using Microsoft.AspNetCore.Components;

namespace BackupRestore.Dashboard.Features.Operations;

/// <summary>
/// The cells of a grid row that carry no event handler (system to last message), as one markup frame. Written out as
/// elements they are about a hundred render-tree frames, and every circuit keeps two copies of each visible row's
/// frames: this is most of what a circuit on the main page costs. Every vendor string is HTML-encoded here.
/// </summary>
internal static class OperationRowCells
{
    // Encodes markup characters and quotes only: vendor text in any script stays readable in the page source.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static MarkupString Of(Operation op, DateTimeOffset now)
    {
        var html = new StringBuilder(1024);
        Open(html, "cell-system").Append(E(SystemLabels.Of(op.System))).Append("</td>");

        Open(html, "cell-target").Append("<a class=\"mud-link mud-primary-text\" href=\"").Append(E(ActionUrls.Target(op.Target)))
            .Append("\" title=\"").Append(E(op.Target)).Append("\">").Append(E(op.Target)).Append("</a></td>");

        var what = op.Subject is { } subject ? $"{op.Kind} · {subject}" : op.Kind;
        Open(html, "cell-what").Append("<a class=\"mud-link mud-default-text\" href=\"").Append(E(ActionUrls.Detail(op.Id)))
            .Append("\" title=\"").Append(E(op.Subject is null ? op.Kind : $"{op.Kind} {op.Subject}")).Append("\">").Append(E(what)).Append("</a></td>");

        Open(html, "cell-state").Append(StateBadge.Markup(op.State));
        if (op.TargetIssue is not null)
        {
            html.Append("<span class=\"row-flag mud-error-text\" title=\"").Append(E($"Target not reachable: {op.TargetIssue}")).Append("\">⚠ unreachable</span>");
        }
        else if (op.Stale)
        {
            html.Append("<span class=\"row-flag mud-warning-text\" title=\"No fresh data for three poll intervals\">⌛ stale</span>");
        }
        else if (op.NotRefreshed)
        {
            html.Append("<span class=\"row-flag mud-text-secondary\" title=\"Last known state from before the dashboard restarted\">⟳ not refreshed</span>");
        }
        html.Append("</td>");

        Open(html, "cell-step", op.Step?.Description)
            .Append(E(op.Step is { } step ? $"{step.Number} of {step.Total} · {step.Name}" : op.VendorStatus)).Append("</td>");

        Open(html, "cell-progress");
        if (op.Progress is { } p)
        {
            var percent = p.ToString(CultureInfo.InvariantCulture);
            html.Append("<div class=\"row-progress\" role=\"progressbar\" aria-valuenow=\"").Append(percent)
                .Append("\" aria-valuemin=\"0\" aria-valuemax=\"100\" aria-label=\"").Append(E($"{op.Target} progress"))
                .Append("\"><div class=\"mud-info\" style=\"width:").Append(percent).Append("%\"></div></div><span class=\"progress-text\">")
                .Append(percent).Append(" %</span>");
        }
        html.Append("</td>");

        var since = op.StateSince is { } at ? at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) : "";
        Open(html, "cell-since", since).Append(E(TimeInState.Format(op, now))).Append("</td>");

        var message = op.TargetIssue ?? op.Message;
        Open(html, "cell-message", message ?? "").Append(E(message)).Append("</td>");
        return new MarkupString(html.ToString());
    }

    private static StringBuilder Open(StringBuilder html, string cell, string? title = null)
    {
        html.Append("<td class=\"mud-table-cell ").Append(cell).Append('"');
        if (title is not null)
        {
            html.Append(" title=\"").Append(E(title)).Append('"');
        }
        return html.Append('>');
    }

    private static string E(string? text) => text is null ? "" : Encoder.Encode(text);
}
