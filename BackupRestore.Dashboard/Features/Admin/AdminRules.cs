using BackupRestore.Dashboard.Features.Auth;

namespace BackupRestore.Dashboard.Features.Admin;

/// <summary>
/// What a form field must hold, as a message under the field (null: fine). The stores check again and have the last
/// word; these only say it before the click. Token expiry has no store rule: it is checked here for pages and API.
/// </summary>
public static class AdminRules
{
    public const int MaxExpiryDays = 3650;

    public static string? UserName(string? name) =>
        string.IsNullOrWhiteSpace(name) || name.Trim().Length > 64 || name.Contains(':', StringComparison.Ordinal)
            ? "A user name has 1 to 64 characters and no ':'."
            : null;

    public static string? Password(string? password) =>
        (password?.Length ?? 0) < UserStore.MinimumPasswordLength ? $"A password has at least {UserStore.MinimumPasswordLength} characters." : null;

    public static string? Role(string? role) => Roles.IsValid(role) ? null : $"Choose a role: {string.Join(", ", Roles.All)}.";

    public static string? TokenName(string? name) =>
        string.IsNullOrWhiteSpace(name) || name.Trim().Length > 64 ? "A token needs a name of 1 to 64 characters." : null;

    public static string? ExpiresInDays(int? days) => days is null or (>= 1 and <= MaxExpiryDays)
        ? null
        : $"Expiry is a whole number of days from 1 to {MaxExpiryDays}, or empty for a token that never expires.";
}
