using BackupRestore.Dashboard.Features.Auth;
using BackupRestore.Dashboard.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace BackupRestore.Dashboard.Tests.Features.Auth;

/// <summary>Passwords that are the user name, one repeated character or a common password are refused everywhere.</summary>
public sealed class PasswordPolicyTests
{
    [Theory]
    [InlineData("carol", "short-Pw1", "at least 12 characters")]
    [InlineData("carol.smith.1", "Carol.Smith.1", "must not be the user name")]
    [InlineData("operator-team", "operator-team2026!", "must not be the user name")]
    [InlineData("carol", "aaaaaaaaaaaa", "one character repeated")]
    [InlineData("carol", "password1234", "most common passwords")]
    [InlineData("carol", "Password1234!", "most common passwords")]
    [InlineData("carol", "qwertyuiop12", "most common passwords")]
    [InlineData("carol", "dragon123456", "most common passwords")]
    [InlineData("carol", "SUNSHINE2026!!", "most common passwords")]
    public void Weak_passwords_are_refused_with_the_reason(string user, string password, string reason) =>
        Assert.Contains(reason, PasswordPolicy.Problem(user, password), StringComparison.Ordinal);

    [Theory]
    [InlineData("carol", "Carol-Passw0rd-1")]
    [InlineData("carol", "correct horse battery staple")]
    [InlineData("admin", "Admin-Test-Passw0rd!")]
    public void Reasonable_passwords_pass(string user, string password) => Assert.Null(PasswordPolicy.Problem(user, password));

    [Fact]
    public async Task The_user_store_refuses_them_for_new_users_and_resets()
    {
        await using var app = DashboardApp.Start([], settings: new Dictionary<string, string?> { ["Demo:Enabled"] = "false" });
        var users = app.Get<UserStore>();

        var created = await Assert.ThrowsAsync<UserStoreException>(() => users.CreateAsync("dave", "password1234", Roles.Viewer, default));
        var dave = await users.CreateAsync("dave", "Dave-Long-Passw0rd", Roles.Viewer, default);
        var reset = await Assert.ThrowsAsync<UserStoreException>(() => users.SetPasswordAsync(dave.Id, "iloveyou2026", default));
        var repeated = await Assert.ThrowsAsync<UserStoreException>(() => users.SetPasswordAsync(dave.Id, "111111111111", default));

        Assert.Contains("most common passwords", created.Message, StringComparison.Ordinal);
        Assert.Contains("most common passwords", reset.Message, StringComparison.Ordinal);
        Assert.Contains("one character repeated", repeated.Message, StringComparison.Ordinal);
        Assert.NotNull(await users.VerifyAsync("dave", "Dave-Long-Passw0rd", default));
    }

    [Fact]
    public void A_weak_bootstrap_admin_password_stops_the_start_with_the_reason()
    {
        var error = Assert.Throws<OptionsValidationException>(() => DashboardApp.Start([], settings: new Dictionary<string, string?>
        {
            ["Demo:Enabled"] = "false",
            ["Auth:BootstrapAdmin:Password"] = "letmein12345",
        }));

        Assert.Equal("Auth:BootstrapAdmin:Password is refused: This password is one of the most common passwords (or one with digits or symbols added): choose another. "
            + "Set a better one (it is used only to create the first admin), or leave it empty to have one generated and printed once.", Assert.Single(error.Failures));
    }
}
