using System.Globalization;
using BackupRestore.Dashboard.Features.Data;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;
using MudBlazor;

namespace BackupRestore.Dashboard.Features.Audit;

/// <summary>
/// The audit trail as a server-paged grid: each page is one query (a count and a Skip/Take), cancelled when the
/// next is asked for. The filters live in the URL; a change of URL reloads the grid from its first page.
/// </summary>
public sealed partial class AuditPage : IDisposable
{
    private static readonly int[] PageSizes = [25, 50, 100];
    private readonly Func<GridState<AuditRow>, CancellationToken, Task<GridData<AuditRow>>> serverData;
    private MudDataGrid<AuditRow>? grid;
    private AuditFilter filter = AuditFilter.None;
    private int? total;

    public AuditPage() => serverData = LoadAsync;

    [Inject] private AuditLog Audit { get; set; } = default!;

    [Inject] private NavigationManager Navigation { get; set; } = default!;

    private string CsvLink => "/audit.csv" + filter.ToQueryString();

    private string TotalText => total switch
    {
        null => "",
        1 => "1 entry",
        { } n => $"{n.ToString("N0", CultureInfo.InvariantCulture)} entries",
    };

    protected override void OnInitialized()
    {
        filter = AuditFilter.FromQueryString(new Uri(Navigation.Uri).Query);
        Navigation.LocationChanged += OnLocationChanged;
    }

    private async Task<GridData<AuditRow>> LoadAsync(GridState<AuditRow> state, CancellationToken cancellationToken)
    {
        var (rows, count, _, _) = await Audit.PageAsync(filter.ToQuery(), state.Page * state.PageSize, state.PageSize, cancellationToken);
        if (total != count)
        {
            total = count;
            StateHasChanged();
        }
        return new GridData<AuditRow> { Items = rows, TotalItems = count };
    }

    private void Show(AuditFilter next) => Navigation.NavigateTo("/audit" + next.ToQueryString(), replace: true);

    private void OnLocationChanged(object? sender, LocationChangedEventArgs e)
    {
        var uri = new Uri(e.Location);
        if (uri.AbsolutePath != "/audit")
        {
            return;
        }
        var next = AuditFilter.FromQueryString(uri.Query);
        if (next == filter)
        {
            return;
        }
        filter = next;
        _ = InvokeAsync(ReloadAsync);
    }

    private async Task ReloadAsync()
    {
        try
        {
            await ReloadGridAsync();
        }
        catch (Exception e)
        {
            await DispatchExceptionAsync(e);
        }
    }

    private async Task ReloadGridAsync()
    {
        StateHasChanged();
        if (grid is null)
        {
            return;
        }
        if (grid.CurrentPage != 0)
        {
            grid.NavigateTo(Page.First);
        }
        else
        {
            await grid.ReloadServerData();
        }
    }

    public void Dispose() => Navigation.LocationChanged -= OnLocationChanged;
}
