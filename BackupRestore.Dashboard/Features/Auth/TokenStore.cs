using System.Security.Cryptography;
using System.Text;
using BackupRestore.Dashboard.Features.Data;
using Microsoft.EntityFrameworkCore;

namespace BackupRestore.Dashboard.Features.Auth;

/// <summary>API tokens: shown once at creation, stored as SHA-256 (a token is long and random: no slow hash needed), revocable.</summary>
internal sealed class TokenStore(IDbContextFactory<DashboardDb> databases, TimeProvider time)
{
    public const string Prefix = "brd_";

    public async Task<(ApiTokenRow Row, string Token)> CreateAsync(string name, string role, DateTimeOffset? expiresAt, string createdBy, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 64)
        {
            throw new UserStoreException("A token needs a name of 1 to 64 characters.");
        }
        if (!Roles.IsValid(role))
        {
            throw new UserStoreException($"Role '{role}' does not exist. Use one of: {string.Join(", ", Roles.All)}.");
        }
        var token = Prefix + Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var row = new ApiTokenRow
        {
            Name = name.Trim(), Role = role, TokenHash = Hash(token), Prefix = token[..10], CreatedBy = createdBy,
            CreatedAt = time.GetUtcNow().ToUnixTimeMilliseconds(), ExpiresAt = expiresAt?.ToUnixTimeMilliseconds(),
        };
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        db.ApiTokens.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        return (row, token);
    }

    /// <summary>The token's row when it exists, is not revoked and has not expired.</summary>
    public async Task<ApiTokenRow?> ValidateAsync(string token, CancellationToken cancellationToken)
    {
        if (!token.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }
        var hash = Hash(token);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.ApiTokens.AsNoTracking()
            .FirstOrDefaultAsync(t => t.TokenHash == hash && t.RevokedAt == null && (t.ExpiresAt == null || t.ExpiresAt > now), cancellationToken);
    }

    /// <summary>The token's role when it exists, is not revoked and has not expired; otherwise null.</summary>
    public async Task<string?> ActiveRoleAsync(long id, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.ApiTokens.Where(t => t.Id == id && t.RevokedAt == null && (t.ExpiresAt == null || t.ExpiresAt > now))
            .Select(t => t.Role).FirstOrDefaultAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<ApiTokenRow>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.ApiTokens.AsNoTracking().OrderByDescending(t => t.CreatedAt).ToListAsync(cancellationToken);
    }

    public async Task RevokeAsync(long id, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var row = await db.ApiTokens.FirstOrDefaultAsync(t => t.Id == id, cancellationToken) ?? throw new UserStoreException("That token does not exist.", notFound: true);
        row.RevokedAt ??= time.GetUtcNow().ToUnixTimeMilliseconds();
        await db.SaveChangesAsync(cancellationToken);
    }

    private static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64UrlEncode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
