using System.Security.Claims;
using BackupRestore.Dashboard.Features.Data;

namespace BackupRestore.Dashboard.Features.Auth;

/// <summary>Password sign-in for the login form and HTTP Basic alike: throttled, then verified.</summary>
internal sealed class SignIn(UserStore users, ISignInThrottle throttle, TimeProvider time)
{
    public async Task<SignInResult> PasswordAsync(string userName, string password, string? address, CancellationToken cancellationToken)
    {
        var (lockedUntil, delay) = await throttle.CheckAsync(userName, address, cancellationToken);
        if (lockedUntil is { } until)
        {
            return new SignInResult(null, until);
        }
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, time, cancellationToken);
        }
        var user = await users.VerifyAsync(userName, password, cancellationToken);
        if (user is null)
        {
            await throttle.RecordFailureAsync(userName, address, cancellationToken);
            return new SignInResult(null, (await throttle.CheckAsync(userName, address, cancellationToken)).LockedUntil);
        }
        await throttle.RecordSuccessAsync(userName, cancellationToken);
        return new SignInResult(user, null);
    }

    public static ClaimsPrincipal Principal(string name, string role, string scheme, string kind, params Claim[] extra) => new(new ClaimsIdentity(
        [new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, role), new Claim(PrincipalValidator.KindClaim, kind), .. extra], scheme));

    /// <summary>A signed-in user: name, role and the security stamp that <see cref="PrincipalValidator"/> checks.</summary>
    public static ClaimsPrincipal UserPrincipal(UserRow user, string scheme) =>
        Principal(user.UserName, user.Role, scheme, PrincipalValidator.UserKind, new Claim(PrincipalValidator.StampClaim, user.SecurityStamp));
}

public sealed record SignInResult(UserRow? User, DateTimeOffset? LockedUntil);
