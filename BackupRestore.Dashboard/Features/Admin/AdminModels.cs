using System.Text.Json;
using System.Text.Json.Serialization;
using BackupRestore.Dashboard.Features.Auth;
using BackupRestore.Dashboard.Features.Data;

namespace BackupRestore.Dashboard.Features.Admin;

/// <summary>A user as pages and the API show it: never its password hash.</summary>
public sealed record UserView(long Id, string UserName, string Role, bool Disabled, DateTimeOffset CreatedAt)
{
    internal static UserView From(UserRow row) =>
        new(row.Id, row.UserName, row.Role, row.Disabled, DateTimeOffset.FromUnixTimeMilliseconds(row.CreatedAt));
}

/// <summary>An API token as listed: its first characters only, never the token or its hash.</summary>
public sealed record TokenView(long Id, string Name, string Role, string Prefix, string CreatedBy, DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt)
{
    internal static TokenView From(ApiTokenRow row) => new(row.Id, row.Name, row.Role, row.Prefix, row.CreatedBy,
        DateTimeOffset.FromUnixTimeMilliseconds(row.CreatedAt),
        row.ExpiresAt is { } expires ? DateTimeOffset.FromUnixTimeMilliseconds(expires) : null,
        row.RevokedAt is { } revoked ? DateTimeOffset.FromUnixTimeMilliseconds(revoked) : null);

    public bool IsActive(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);
}

/// <summary>A token just made, with the token itself: shown once, never stored, never written to a log.</summary>
public sealed record NewToken(TokenView View, string Token)
{
    public override string ToString() => $"NewToken {{ {View} }}";
}

/// <summary>A token just made: the only time the token itself is shown, with a wall link when it is a viewer's.</summary>
public sealed record CreatedToken(long Id, string Name, string Role, string Prefix, string CreatedBy, DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt, string Token, string? WallLink)
{
    public static CreatedToken Of(TokenView view, string token, string baseUri) => new(view.Id, view.Name, view.Role, view.Prefix,
        view.CreatedBy, view.CreatedAt, view.ExpiresAt, token, WallLinks.For(baseUri, token, view.Role));
}

/// <summary><c>POST /api/admin/users</c>.</summary>
public sealed record CreateUserRequest(string? UserName, string? Password, string? Role);

/// <summary><c>POST /api/admin/users/{id}</c>: whatever is given changes, all or nothing.</summary>
public sealed record ChangeUserRequest(string? Role, string? Password, bool? Disabled);

/// <summary><c>POST /api/admin/tokens</c>; no <see cref="ExpiresInDays"/>: the token never expires.</summary>
public sealed record CreateTokenRequest(string? Name, string? Role, int? ExpiresInDays);

/// <summary>What an admin change came to: the changed item and what happened in words, or the store's reason for refusing it.</summary>
public sealed record AdminOutcome<T>(T? Value, string? Error, bool NotFound = false, string? Summary = null)
    where T : class
{
    public bool Succeeded => Error is null;

    /// <summary>The sentence a page shows: what was done, or why not.</summary>
    public string Message => Error ?? Summary ?? "";
}

/// <summary>Wall links: only a viewer token opens a wall (the server refuses other roles at <c>/wall</c>).</summary>
public static class WallLinks
{
    public static string? For(string baseUri, string token, string role) =>
        role == Roles.Viewer ? $"{baseUri.TrimEnd('/')}/wall?token={Uri.EscapeDataString(token)}" : null;
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(UserView))]
[JsonSerializable(typeof(IReadOnlyList<UserView>))]
[JsonSerializable(typeof(TokenView))]
[JsonSerializable(typeof(IReadOnlyList<TokenView>))]
[JsonSerializable(typeof(CreatedToken))]
[JsonSerializable(typeof(CreateUserRequest))]
[JsonSerializable(typeof(ChangeUserRequest))]
[JsonSerializable(typeof(CreateTokenRequest))]
internal sealed partial class AdminJson : JsonSerializerContext;

/// <summary>What an admin page says after a change.</summary>
public sealed record AdminNoteText(bool Ok, string Text)
{
    public static AdminNoteText Of<T>(AdminOutcome<T> outcome)
        where T : class => new(outcome.Succeeded, outcome.Message);
}
