using BackupRestore.Dashboard.Features.Actions;
using BackupRestore.Dashboard.Features.Auth;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace BackupRestore.Dashboard.Features.Admin;

/// <summary>
/// The tokens table, creation and revocation, through <see cref="AdminService"/>. The token just made lives only in
/// this component until the admin dismisses it (or leaves): it is never stored, so it cannot be shown again.
/// </summary>
public sealed partial class TokensPage
{
    private IReadOnlyList<TokenView> tokens = [];
    private NewToken? created;
    private AdminNoteText? note;
    private bool busy;

    [Inject] private AdminService Admin { get; set; } = default!;

    [Inject] private IDialogService Dialogs { get; set; } = default!;

    [Inject] private CircuitSession Session { get; set; } = default!;

    [Inject] private AuthenticationStateProvider Authentication { get; set; } = default!;

    [Inject] private PrincipalValidator Validator { get; set; } = default!;

    [Inject] private NavigationManager Navigation { get; set; } = default!;

    [Inject] private TimeProvider Time { get; set; } = default!;

    private DateTimeOffset Now => Time.GetUtcNow();

    protected override async Task OnInitializedAsync() => tokens = await Admin.TokensAsync(CancellationToken.None);

    private string State(TokenView token) => token.RevokedAt is not null ? "revoked" : token.IsActive(Now) ? "active" : "expired";

    private async Task CreatedAsync(AdminOutcome<NewToken> outcome)
    {
        created = outcome.Value;
        note = null;
        tokens = await Admin.TokensAsync(CancellationToken.None);
    }

    private async Task RevokeAsync(TokenView token)
    {
        var dialog = await Dialogs.ShowAsync<ConfirmActionDialog>($"Revoke {token.Name}", new DialogParameters<ConfirmActionDialog>
        {
            { d => d.Target, $"{token.Name} ({token.Role}, starts with {token.Prefix})" },
            { d => d.Consequence, "Every script or wall using this token is refused from now on; a wall showing it loses its live view within a minute. A revoked token cannot be restored: create a new one." },
            { d => d.ConfirmLabel, "Yes, revoke" },
            { d => d.Action, "revoke" },
        }, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true });
        if (await dialog.Result is not { Canceled: false } || busy)
        {
            return;
        }
        busy = true;
        try
        {
            note = await Authentication.ActorAsync(Session, Validator) is { } actor
                ? AdminNoteText.Of(await Admin.RevokeTokenAsync(actor, token.Id))
                : new AdminNoteText(false, AdminActors.AccessChanged);
            tokens = await Admin.TokensAsync(CancellationToken.None);
        }
        finally
        {
            busy = false;
        }
    }
}
