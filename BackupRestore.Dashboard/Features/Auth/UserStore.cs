using System.Security.Cryptography;
using BackupRestore.Dashboard.Features.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace BackupRestore.Dashboard.Features.Auth;

/// <summary>Users, their roles, and passwords kept only as salted slow hashes (ASP.NET Core's PasswordHasher, PBKDF2).</summary>
internal sealed class UserStore(IDbContextFactory<DashboardDb> databases, TimeProvider time)
{
    public const int MinimumPasswordLength = PasswordPolicy.MinimumLength;
    private readonly PasswordHasher<UserRow> hasher = new();

    public static string Normalize(string userName) => userName.Trim().ToUpperInvariant();

    public async Task<bool> AnyAsync(CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.Users.AnyAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<UserRow>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.Users.AsNoTracking().OrderBy(u => u.NormalizedUserName).ToListAsync(cancellationToken);
    }

    public async Task<UserRow?> FindAsync(string userName, CancellationToken cancellationToken)
    {
        var normalized = Normalize(userName);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.NormalizedUserName == normalized, cancellationToken);
    }

    /// <summary>The enabled user whose password matches, or null. Old hashes are upgraded on the way.</summary>
    public async Task<UserRow?> VerifyAsync(string userName, string password, CancellationToken cancellationToken)
    {
        var normalized = Normalize(userName);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.FirstOrDefaultAsync(u => u.NormalizedUserName == normalized, cancellationToken);
        if (user is null)
        {
            // Same work whether or not the user exists: timing does not tell which names are real.
            hasher.VerifyHashedPassword(new UserRow { UserName = "", NormalizedUserName = "", PasswordHash = "", Role = "" }, DummyHash, password);
            return null;
        }
        var result = hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (result == PasswordVerificationResult.Failed || user.Disabled)
        {
            return null;
        }
        if (result == PasswordVerificationResult.SuccessRehashNeeded)
        {
            user.PasswordHash = hasher.HashPassword(user, password);
        }
        if (user.SecurityStamp.Length == 0)
        {
            // A user from before stamps existed.
            user.SecurityStamp = NewStamp();
        }
        await db.SaveChangesAsync(cancellationToken);
        return user;
    }

    public async Task<UserRow> CreateAsync(string userName, string password, string role, CancellationToken cancellationToken)
    {
        Check(userName, password, role);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var normalized = Normalize(userName);
        if (await db.Users.AnyAsync(u => u.NormalizedUserName == normalized, cancellationToken))
        {
            throw new UserStoreException($"A user named '{userName}' exists already.");
        }
        var user = new UserRow
        {
            UserName = userName.Trim(), NormalizedUserName = normalized, PasswordHash = "", Role = role, CreatedAt = time.GetUtcNow().ToUnixTimeMilliseconds(),
            SecurityStamp = NewStamp(),
        };
        user.PasswordHash = hasher.HashPassword(user, password);
        db.Users.Add(user);
        await db.SaveChangesAsync(cancellationToken);
        return user;
    }

    public Task SetRoleAsync(long id, string role, CancellationToken cancellationToken) => UpdateAsync(id, u =>
    {
        if (!Roles.IsValid(role))
        {
            throw new UserStoreException($"Role '{role}' does not exist. Use one of: {string.Join(", ", Roles.All)}.");
        }
        u.Role = role;
    }, cancellationToken);

    public Task SetPasswordAsync(long id, string password, CancellationToken cancellationToken) => UpdateAsync(id, u =>
    {
        CheckPassword(u.UserName, password);
        u.PasswordHash = hasher.HashPassword(u, password);
    }, cancellationToken);

    public Task SetDisabledAsync(long id, bool disabled, CancellationToken cancellationToken) => UpdateAsync(id, u => u.Disabled = disabled, cancellationToken);

    /// <summary>Ends every session of the user (sign-out ends them all, not only the browser that signed out).</summary>
    public async Task RotateStampAsync(string userName, CancellationToken cancellationToken)
    {
        var normalized = Normalize(userName);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var stamp = NewStamp();
        await db.Users.Where(u => u.NormalizedUserName == normalized).ExecuteUpdateAsync(s => s.SetProperty(u => u.SecurityStamp, stamp), cancellationToken);
    }

    /// <summary>Role, password and disabled in one change: all of them apply, or (on any refusal) none.</summary>
    public Task<UserRow> ChangeAsync(long id, string? role, string? password, bool? disabled, CancellationToken cancellationToken) => UpdateAsync(id, u =>
    {
        if (role is not null && !Roles.IsValid(role))
        {
            throw new UserStoreException($"Role '{role}' does not exist. Use one of: {string.Join(", ", Roles.All)}.");
        }
        if (password is not null)
        {
            CheckPassword(u.UserName, password);
            u.PasswordHash = hasher.HashPassword(u, password);
        }
        u.Role = role ?? u.Role;
        u.Disabled = disabled ?? u.Disabled;
    }, cancellationToken);

    /// <summary>A role, password or enabled change also ends the user's sessions: they sign in again under the new rules.</summary>
    private async Task<UserRow> UpdateAsync(long id, Action<UserRow> change, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == id, cancellationToken) ?? throw new UserStoreException("That user does not exist.", notFound: true);
        change(user);
        user.SecurityStamp = NewStamp();
        // Never lock everybody out: one enabled admin must remain.
        if (!await db.Users.AnyAsync(u => u.Id != id && u.Role == Roles.Admin && !u.Disabled, cancellationToken) && (user.Role != Roles.Admin || user.Disabled))
        {
            throw new UserStoreException("This is the last enabled admin: add another admin first.");
        }
        await db.SaveChangesAsync(cancellationToken);
        return user;
    }

    private static string NewStamp() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16));

    private static void Check(string userName, string password, string role)
    {
        if (string.IsNullOrWhiteSpace(userName) || userName.Trim().Length > 64 || userName.Contains(':', StringComparison.Ordinal))
        {
            throw new UserStoreException("A user name has 1 to 64 characters and no ':'.");
        }
        if (!Roles.IsValid(role))
        {
            throw new UserStoreException($"Role '{role}' does not exist. Use one of: {string.Join(", ", Roles.All)}.");
        }
        CheckPassword(userName, password);
    }

    private static void CheckPassword(string userName, string password)
    {
        if (PasswordPolicy.Problem(userName, password) is { } problem)
        {
            throw new UserStoreException(problem);
        }
    }

    private static readonly string DummyHash = new PasswordHasher<UserRow>().HashPassword(new UserRow { UserName = "", NormalizedUserName = "", PasswordHash = "", Role = "" }, "no user has this password");
}

public sealed class UserStoreException(string message, bool notFound = false) : Exception(message)
{
    /// <summary>The user or token named does not exist (an API answers 404 rather than 400).</summary>
    public bool NotFound { get; } = notFound;
}
