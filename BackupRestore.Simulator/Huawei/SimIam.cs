using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace BackupRestore.Simulator.Huawei;

/// <summary>Huawei IAM tokens (vendor-apis.md §3.6): issued for a user and a project scope, valid for a lifetime.</summary>
public sealed class SimIam(TimeProvider time)
{
    public const string DomainName = "sim-domain";
    public const string ProjectName = "ap-southeast-1";
    public const string ProjectId = "0b5dd5a5c7004f8e9d0a1c2b3e4f5a6b";

    private readonly ConcurrentDictionary<string, DateTimeOffset> tokens = new(StringComparer.Ordinal);

    public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How many tokens were issued: tests check that the dashboard caches them.</summary>
    public int Issued => issued;

    private int issued;

    public (string Token, DateTimeOffset ExpiresAt) Issue()
    {
        Interlocked.Increment(ref issued);
        var token = "MIIsim" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
        var expires = time.GetUtcNow() + Lifetime;
        tokens[token] = expires;
        return (token, expires);
    }

    public bool IsValid(string? token) =>
        token is not null && tokens.TryGetValue(token, out var expires) && expires > time.GetUtcNow();

    /// <summary>Tokens are invalidated early on password or permission changes; tests use this.</summary>
    public void RevokeAll() => tokens.Clear();
}
