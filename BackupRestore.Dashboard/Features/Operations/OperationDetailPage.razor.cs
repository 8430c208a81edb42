using BackupRestore.Dashboard.Features.Audit;
using BackupRestore.Dashboard.Features.Auth;
using BackupRestore.Dashboard.Features.Data;
using BackupRestore.Dashboard.Features.History;
using Microsoft.AspNetCore.Components;

namespace BackupRestore.Dashboard.Features.Operations;

/// <summary>Reads the timeline and the audit entries once, and again whenever the operation changes state.</summary>
public sealed partial class OperationDetailPage
{
    private IReadOnlyList<OperationEventRow> timeline = [];
    private IReadOnlyList<AuditRow>? audit;
    private string? shownState;
    private int tick;
    private ITimer? ticker;

    [Parameter] public string Id { get; set; } = "";

    [Inject] private HistoryRecorder History { get; set; } = default!;

    [Inject] private AuditLog Audit { get; set; } = default!;

    [CascadingParameter] private DashboardUser User { get; set; } = DashboardUser.Anonymous;

    protected override void OnInitialized() =>
        ticker = Time.CreateTimer(_ => _ = InvokeAsync(() =>
        {
            tick++;
            StateHasChanged();
        }), null, OperationsPage.TickEvery, OperationsPage.TickEvery);

    protected override async Task OnParametersSetAsync()
    {
        OperationId = Id;
        await base.OnParametersSetAsync();
        await ReadHistoryAsync();
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        // A new state: the recorder writes it off the pollers' path; read the timeline again once it is written.
        var state = Entry is { } entry ? $"{entry.Operation.State}|{entry.Operation.VendorStatus}|{entry.Operation.Step?.Number}" : null;
        if (!firstRender && state != shownState)
        {
            await History.FlushAsync();
            await ReadHistoryAsync();
            StateHasChanged();
        }
    }

    private async Task ReadHistoryAsync()
    {
        shownState = Entry is { } entry ? $"{entry.Operation.State}|{entry.Operation.VendorStatus}|{entry.Operation.Step?.Number}" : null;
        timeline = await History.TimelineAsync(Id, CancellationToken.None);
        // The audit trail is for operators and admins, as on /audit.
        audit = User.CanAct ? await Audit.QueryAsync(new AuditQuery(OperationId: Id, Limit: 200), CancellationToken.None) : null;
    }

    public override async ValueTask DisposeAsync()
    {
        if (ticker is not null)
        {
            await ticker.DisposeAsync();
        }
        await base.DisposeAsync();
    }
}
