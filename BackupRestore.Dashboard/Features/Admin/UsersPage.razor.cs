using BackupRestore.Dashboard.Features.Actions;
using BackupRestore.Dashboard.Features.Auth;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace BackupRestore.Dashboard.Features.Admin;

/// <summary>The users table and its changes, each through <see cref="AdminService"/> (audited there, like the API's).</summary>
public sealed partial class UsersPage
{
    private static readonly DialogOptions Options = new() { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true };
    private IReadOnlyList<UserView> users = [];
    private AdminNoteText? note;
    private bool busy;

    [Inject] private AdminService Admin { get; set; } = default!;

    [Inject] private IDialogService Dialogs { get; set; } = default!;

    [Inject] private CircuitSession Session { get; set; } = default!;

    [Inject] private AuthenticationStateProvider Authentication { get; set; } = default!;

    [Inject] private PrincipalValidator Validator { get; set; } = default!;

    [CascadingParameter] private DashboardUser User { get; set; } = DashboardUser.Anonymous;

    protected override async Task OnInitializedAsync() => users = await Admin.UsersAsync(CancellationToken.None);

    private async Task AddedAsync(AdminOutcome<UserView> added)
    {
        note = AdminNoteText.Of(added);
        users = await Admin.UsersAsync(CancellationToken.None);
    }

    private async Task ChangeRoleAsync(UserView user)
    {
        var dialog = await Dialogs.ShowAsync<ChangeRoleDialog>($"Change the role of {user.UserName}", new DialogParameters<ChangeRoleDialog>
        {
            { d => d.UserName, user.UserName },
            { d => d.CurrentRole, user.Role },
        }, Options);
        if (await dialog.Result is { Canceled: false, Data: string role })
        {
            await ChangeAsync(user, role, null, null);
        }
    }

    private async Task ResetPasswordAsync(UserView user)
    {
        var dialog = await Dialogs.ShowAsync<ResetPasswordDialog>($"Reset the password of {user.UserName}",
            new DialogParameters<ResetPasswordDialog> { { d => d.UserName, user.UserName } }, Options);
        if (await dialog.Result is { Canceled: false, Data: string password })
        {
            await ChangeAsync(user, null, password, null);
        }
    }

    private async Task SetDisabledAsync(UserView user, bool disabled)
    {
        if (disabled)
        {
            var dialog = await Dialogs.ShowAsync<ConfirmActionDialog>($"Disable {user.UserName}", new DialogParameters<ConfirmActionDialog>
            {
                { d => d.Target, user.UserName },
                { d => d.Consequence, $"{user.UserName} can no longer sign in or use the API with their password; their open pages lose access within a minute. Enable them again at any time." },
                { d => d.ConfirmLabel, "Yes, disable" },
                { d => d.Action, "disable" },
            }, Options);
            if (await dialog.Result is not { Canceled: false })
            {
                return;
            }
        }
        await ChangeAsync(user, null, null, disabled);
    }

    private async Task ChangeAsync(UserView user, string? role, string? password, bool? disabled)
    {
        if (busy)
        {
            return;
        }
        busy = true;
        try
        {
            note = await Authentication.ActorAsync(Session, Validator) is { } actor
                ? AdminNoteText.Of(await Admin.ChangeUserAsync(actor, user.Id, role, password, disabled))
                : new AdminNoteText(false, AdminActors.AccessChanged);
            users = await Admin.UsersAsync(CancellationToken.None);
        }
        finally
        {
            busy = false;
        }
    }
}
