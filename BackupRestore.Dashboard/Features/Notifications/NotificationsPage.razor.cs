using BackupRestore.Dashboard.Features.Actions;
using BackupRestore.Dashboard.Features.Admin;
using BackupRestore.Dashboard.Features.Auth;
using BackupRestore.Dashboard.Features.Data;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.AspNetCore.WebUtilities;
using MudBlazor;

namespace BackupRestore.Dashboard.Features.Notifications;

/// <summary>
/// Follows the outbox without polling it: the dispatcher's change signal arms a one-shot timer, and when it fires
/// the page reads the outbox once, however many changes came in that window.
/// </summary>
public sealed partial class NotificationsPage : IAsyncDisposable
{
    /// <summary>Changes within this window are shown with one reload.</summary>
    internal static readonly TimeSpan Window = TimeSpan.FromSeconds(1);

    /// <summary>Relative times ("next in 20 s") are rendered again this often.</summary>
    internal static readonly TimeSpan TickEvery = TimeSpan.FromSeconds(30);

    private static readonly (string? Value, string Label)[] Filters =
        [(null, "All"), ("pending", "Pending"), ("delivered", "Delivered"), ("dead", "Dead letters")];

    private readonly CancellationTokenSource disposed = new();
    private readonly HashSet<long> resending = [];
    private IReadOnlyList<WebhookDeliveryRow> rows = [];
    private IReadOnlyDictionary<string, int> counts = new Dictionary<string, int>();
    private string? status;
    private ResendOutcome? outcome;
    private ITimer? reload;
    private ITimer? ticker;
    private int armed;
    private long loadedVersion = -1;
    private int tick;

    [Inject] private NotificationLog Log { get; set; } = default!;

    [Inject] private WebhookDispatcher Dispatcher { get; set; } = default!;

    [Inject] private TimeProvider Time { get; set; } = default!;

    [Inject] private NavigationManager Navigation { get; set; } = default!;

    [Inject] private IDialogService Dialogs { get; set; } = default!;

    [Inject] private CircuitSession Session { get; set; } = default!;

    [Inject] private AuthenticationStateProvider Authentication { get; set; } = default!;

    [Inject] private PrincipalValidator Validator { get; set; } = default!;

    [CascadingParameter] private DashboardUser User { get; set; } = DashboardUser.Anonymous;

    private string EmptyText => status is null ? "No webhook has been sent yet." : $"No {Filters.First(f => f.Value == status).Label.ToLowerInvariant()} now.";

    protected override async Task OnInitializedAsync()
    {
        status = StatusOf(Navigation.Uri);
        reload = Time.CreateTimer(_ => _ = InvokeAsync(ReloadAsync), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        ticker = Time.CreateTimer(_ => _ = InvokeAsync(() =>
        {
            tick++;
            StateHasChanged();
        }), null, TickEvery, TickEvery);
        Dispatcher.Changed += OnOutboxChanged;
        Navigation.LocationChanged += OnLocationChanged;
        await LoadAsync();
    }

    private int Count(string? value) => value is null ? counts.Values.Sum() : counts.GetValueOrDefault(value);

    private void Show(string? value) => Navigation.NavigateTo(value is null ? "/notifications" : $"/notifications?status={value}", replace: true);

    private static string? StatusOf(string uri) =>
        QueryHelpers.ParseQuery(new Uri(uri).Query).TryGetValue("status", out var value) && NotificationLog.Statuses.Contains(value.ToString())
            ? value.ToString()
            : null;

    /// <summary>On the dispatcher's thread: only arms the timer (once per window); nothing once the page is gone.</summary>
    private void OnOutboxChanged()
    {
        if (!disposed.IsCancellationRequested && Interlocked.Exchange(ref armed, 1) == 0)
        {
            reload?.Change(Window, Timeout.InfiniteTimeSpan);
        }
    }

    private void OnLocationChanged(object? sender, LocationChangedEventArgs e)
    {
        var uri = new Uri(e.Location);
        if (uri.AbsolutePath == "/notifications" && StatusOf(e.Location) != status)
        {
            status = StatusOf(e.Location);
            loadedVersion = -1;
            _ = InvokeAsync(ReloadAsync);
        }
    }

    private async Task ReloadAsync()
    {
        Volatile.Write(ref armed, 0);
        if (Dispatcher.Version == loadedVersion || disposed.IsCancellationRequested)
        {
            return;
        }
        try
        {
            await LoadAsync();
            StateHasChanged();
        }
        catch (OperationCanceledException) when (disposed.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            await DispatchExceptionAsync(e);
        }
    }

    private async Task LoadAsync()
    {
        var version = Dispatcher.Version;
        rows = await Log.RecentAsync(status, disposed.Token);
        counts = await Log.CountsAsync(disposed.Token);
        loadedVersion = version;
    }

    private async Task ResendAsync(WebhookDeliveryRow delivery)
    {
        if (!resending.Add(delivery.Id))
        {
            return;
        }
        try
        {
            if (!await ConfirmAsync(delivery))
            {
                return;
            }
            outcome = await Authentication.ActorAsync(Session, Validator) is { } actor
                ? await Log.ResendAsync(actor, delivery.Id)
                : new ResendOutcome(ResendResult.NotAllowed, null, AdminActors.AccessChanged);
            await LoadAsync();
        }
        finally
        {
            resending.Remove(delivery.Id);
        }
    }

    private async Task<bool> ConfirmAsync(WebhookDeliveryRow delivery)
    {
        var parameters = new DialogParameters<ConfirmActionDialog>
        {
            { d => d.Target, $"{delivery.Rule} ({WebhookDelivery.Mask(delivery.Url)})" },
            {
                d => d.Consequence,
                $"Delivery #{delivery.Id} ({delivery.Transition} of {delivery.OperationId}) goes back to the outbox with its attempts reset and is posted " +
                "again within a few seconds, retried as a new one if it fails. A receiver that got an earlier attempt may see it twice."
            },
            { d => d.ConfirmLabel, "Yes, re-send" },
            { d => d.Action, "resend" },
        };
        var dialog = await Dialogs.ShowAsync<ConfirmActionDialog>($"Re-send delivery #{delivery.Id}", parameters,
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true });
        return await dialog.Result is { Canceled: false };
    }

    public async ValueTask DisposeAsync()
    {
        Dispatcher.Changed -= OnOutboxChanged;
        Navigation.LocationChanged -= OnLocationChanged;
        await disposed.CancelAsync();
        if (reload is not null)
        {
            await reload.DisposeAsync();
        }
        if (ticker is not null)
        {
            await ticker.DisposeAsync();
        }
        disposed.Dispose();
    }
}
