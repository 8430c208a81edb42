using System.Globalization;
using BackupRestore.Dashboard.Features.Audit;
using BackupRestore.Dashboard.Features.Auth;
using BackupRestore.Dashboard.Vendors;

namespace BackupRestore.Dashboard.Features.Admin;

/// <summary>
/// Users and API tokens, for the admin pages and the admin API alike. Every change is on the audit trail before it
/// is made and completed with its outcome (a refusal carries the store's reason); a password never is.
/// </summary>
internal sealed class AdminService(UserStore users, TokenStore tokens, AuditLog audit, TimeProvider time)
{
    private const string Removed = "[removed]";

    public async Task<IReadOnlyList<UserView>> UsersAsync(CancellationToken cancellationToken) =>
        (await users.ListAsync(cancellationToken)).Select(UserView.From).ToList();

    public async Task<IReadOnlyList<TokenView>> TokensAsync(CancellationToken cancellationToken) =>
        (await tokens.ListAsync(cancellationToken)).Select(TokenView.From).ToList();

    public Task<AdminOutcome<UserView>> CreateUserAsync(ActionActor actor, string? userName, string? password, string? role) =>
        AuditedAsync(actor, $"user:{userName?.Trim()}", "admin.user.create", [("userName", userName), ("role", role)],
            async () => UserView.From(await users.CreateAsync(userName ?? "", password ?? "", role ?? "", CancellationToken.None)),
            user => $"User '{user.UserName}' added as {user.Role}.");

    /// <summary>Changes what is given (role, password, disabled) at once; the last enabled admin stays one.</summary>
    public async Task<AdminOutcome<UserView>> ChangeUserAsync(ActionActor actor, long id, string? role, string? password, bool? disabled)
    {
        if (role is null && password is null && disabled is null)
        {
            return new AdminOutcome<UserView>(null, "Nothing to change: give a role, a password or disabled.");
        }
        var name = (await users.ListAsync(CancellationToken.None)).FirstOrDefault(u => u.Id == id)?.UserName;
        return await AuditedAsync(actor, name is null ? $"user:#{id}" : $"user:{name}", "admin.user.change",
            [("role", role), ("password", password is null ? null : Removed), ("disabled", disabled is { } d ? (d ? "true" : "false") : null)],
            async () => UserView.From(await users.ChangeAsync(id, role, password, disabled, CancellationToken.None)),
            user => string.Join(" ", new[]
            {
                role is null ? null : $"Role of '{user.UserName}' is now {user.Role}.",
                password is null ? null : $"Password of '{user.UserName}' reset.",
                disabled switch
                {
                    true => $"'{user.UserName}' disabled: their sessions end within a minute.",
                    false => $"'{user.UserName}' enabled.",
                    null => null,
                },
            }.OfType<string>()));
    }

    public Task<AdminOutcome<NewToken>> CreateTokenAsync(ActionActor actor, string? name, string? role, int? expiresInDays) =>
        AuditedAsync(actor, $"token:{name?.Trim()}", "admin.token.create",
            [("name", name), ("role", role), ("expiresInDays", expiresInDays?.ToString(CultureInfo.InvariantCulture))],
            async () =>
            {
                if (AdminRules.ExpiresInDays(expiresInDays) is { } error)
                {
                    throw new UserStoreException(error);
                }
                var expires = expiresInDays is { } days ? time.GetUtcNow().AddDays(days) : (DateTimeOffset?)null;
                var (row, token) = await tokens.CreateAsync(name ?? "", role ?? "", expires, actor.UserName, CancellationToken.None);
                return new NewToken(TokenView.From(row), token);
            },
            created => $"Token '{created.View.Name}' ({created.View.Role}) created, starting with {created.View.Prefix}.");

    public async Task<AdminOutcome<TokenView>> RevokeTokenAsync(ActionActor actor, long id)
    {
        var name = (await tokens.ListAsync(CancellationToken.None)).FirstOrDefault(t => t.Id == id)?.Name;
        return await AuditedAsync(actor, name is null ? $"token:#{id}" : $"token:{name}", "admin.token.revoke", [("id", id.ToString(CultureInfo.InvariantCulture))],
            async () =>
            {
                await tokens.RevokeAsync(id, CancellationToken.None);
                return (await TokensAsync(CancellationToken.None)).Single(t => t.Id == id);
            },
            token => $"Token '{token.Name}' revoked: it is refused from now on.");
    }

    /// <summary>
    /// On record first, then done, then completed. Admin changes are short database writes: they run to the end even
    /// when the page or client that asked goes away, so that the record never stays pending.
    /// </summary>
    private async Task<AdminOutcome<T>> AuditedAsync<T>(ActionActor actor, string target, string action, (string Key, string? Value)[] parameters,
        Func<Task<T>> change, Func<T, string> summary)
        where T : class
    {
        var fields = parameters.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => new[] { p.Value! });
        var id = await audit.BeginAsync(actor, new AuditSubject(target, null, null), new ActionInput(action, null, fields), null, CancellationToken.None);
        try
        {
            var value = await change();
            var done = summary(value);
            await audit.CompleteAsync(id, AuditOutcomes.Succeeded, done, null, CancellationToken.None);
            return new AdminOutcome<T>(value, null, Summary: done);
        }
        catch (UserStoreException e)
        {
            await audit.CompleteAsync(id, AuditOutcomes.Refused, e.Message, null, CancellationToken.None);
            return new AdminOutcome<T>(null, e.Message, e.NotFound);
        }
    }
}

internal static class AdminServices
{
    public static IHostApplicationBuilder AddAdmin(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<AdminService>();
        return builder;
    }
}
