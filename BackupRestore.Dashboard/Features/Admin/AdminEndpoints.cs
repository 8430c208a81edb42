using System.Globalization;
using BackupRestore.Dashboard.Features.Auth;
using Microsoft.AspNetCore.Mvc;

namespace BackupRestore.Dashboard.Features.Admin;

/// <summary>Admin form posts: users (add, role, password, disable) and API tokens (create, revoke).</summary>
internal static class AdminEndpoints
{
    public static IEndpointRouteBuilder MapAdmin(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/admin").RequireAuthorization(Policies.Administer);
        admin.MapPost("/users", (HttpContext c, [FromForm] string? username, [FromForm] string? password, [FromForm] string? role, UserStore users, AdminNotes notes) =>
            Do("/admin/users", notes, async () =>
            {
                await users.CreateAsync(username ?? "", password ?? "", role ?? "", c.RequestAborted);
                return $"User '{username}' added as {role}.";
            }));
        admin.MapPost("/users/{id:long}/role", (HttpContext c, long id, [FromForm] string? role, UserStore users, AdminNotes notes) =>
            Do("/admin/users", notes, async () =>
            {
                await users.SetRoleAsync(id, role ?? "", c.RequestAborted);
                return $"Role changed to {role}.";
            }));
        admin.MapPost("/users/{id:long}/password", (HttpContext c, long id, [FromForm] string? password, UserStore users, AdminNotes notes) =>
            Do("/admin/users", notes, async () =>
            {
                await users.SetPasswordAsync(id, password ?? "", c.RequestAborted);
                return "Password reset.";
            }));
        admin.MapPost("/users/{id:long}/disabled", (HttpContext c, long id, [FromForm] string? disabled, UserStore users, AdminNotes notes) =>
            Do("/admin/users", notes, async () =>
            {
                var off = disabled == "true";
                await users.SetDisabledAsync(id, off, c.RequestAborted);
                return off ? "User disabled: their sessions end at their next request." : "User enabled.";
            }));
        admin.MapPost("/tokens", async (HttpContext c, [FromForm] string? name, [FromForm] string? role, [FromForm] string? expiresInDays, TokenStore tokens, AdminNotes notes, TimeProvider time) =>
        {
            try
            {
                DateTimeOffset? expires = double.TryParse(expiresInDays, NumberStyles.Float, CultureInfo.InvariantCulture, out var days) && days > 0
                    ? time.GetUtcNow().AddDays(days)
                    : null;
                var (row, token) = await tokens.CreateAsync(name ?? "", role ?? "", expires, c.User.UserName(), c.RequestAborted);
                return Results.Redirect($"/admin/tokens?note={notes.Add(new AdminNote(true, $"Token '{row.Name}' ({row.Role}) created. Copy it now: it is not shown again.", token))}");
            }
            catch (UserStoreException e)
            {
                return Results.Redirect($"/admin/tokens?note={notes.Add(new AdminNote(false, e.Message))}");
            }
        });
        // Binding the form is what makes the framework enforce antiforgery on a post without fields.
        admin.MapPost("/tokens/{id:long}/revoke", (HttpContext c, long id, [FromForm] IFormCollection form, TokenStore tokens, AdminNotes notes) =>
            Do("/admin/tokens", notes, async () =>
            {
                await tokens.RevokeAsync(id, c.RequestAborted);
                return "Token revoked: it is refused from now on.";
            }));
        return app;
    }

    private static async Task<IResult> Do(string page, AdminNotes notes, Func<Task<string>> change)
    {
        AdminNote note;
        try
        {
            note = new AdminNote(true, await change());
        }
        catch (UserStoreException e)
        {
            note = new AdminNote(false, e.Message);
        }
        return Results.Redirect($"{page}?note={notes.Add(note)}");
    }
}
