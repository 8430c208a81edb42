using BackupRestore.Dashboard.Features.Operations;
using BackupRestore.Dashboard.Tests.Infrastructure;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Components;
using static BackupRestore.Dashboard.Tests.Features.Operations.OperationExamples;

namespace BackupRestore.Dashboard.Tests.Features.Operations;

/// <summary>The main page's tests share one small fleet: one operation in each state, over three systems.</summary>
public abstract class OperationsPageContext : DashboardTestContext
{
    protected OperationsPageContext()
    {
        Poll("a-running", Of("a-running", OperationState.Running, progress: 40));
        Poll("b-failed", Of("b-failed", OperationState.Failed, system: "cbr"));
        Poll("c-done", Of("c-done", OperationState.Succeeded, system: "cbr"));
        Poll("d-suspended", Of("d-suspended", OperationState.Suspended, actions: ["advance", "cancel"]));
        Poll("e-idle", Of("e-idle", OperationState.Idle, system: "vcenter"));
    }

    protected IRenderedComponent<OperationsPage> Open(string url)
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo(url);
        return RenderFor<OperationsPage>(Operator);
    }

    protected static List<string> RowTargets(IRenderedComponent<OperationsPage> page) =>
        page.FindAll("td.cell-target").Select(c => c.TextContent).ToList();

    protected static AngleSharp.Dom.IElement Row(IRenderedComponent<OperationsPage> page, string target) =>
        page.FindAll("tr").First(r => r.QuerySelector("td.cell-target")?.TextContent == target);
}
