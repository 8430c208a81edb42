using System.Security.Cryptography;
using BackupRestore.Dashboard.Features.Data;
using Microsoft.Extensions.Options;

namespace BackupRestore.Dashboard.Features.Auth;

/// <summary>
/// The first admin, when no user exists: from Auth:BootstrapAdmin, or with a generated password printed once to
/// the console (the way Jenkins and Grafana do). Printed with Console, not the logger: it must not reach log sinks.
/// </summary>
internal sealed class BootstrapAdmin(UserStore users, IOptions<AuthOptions> options, TextWriter? console = null) : IStartupRecovery
{
    private readonly TextWriter console = console ?? Console.Out;

    public async Task RecoverAsync(CancellationToken cancellationToken)
    {
        if (await users.AnyAsync(cancellationToken))
        {
            return;
        }
        var bootstrap = options.Value.BootstrapAdmin;
        var password = bootstrap.Password;
        var generated = string.IsNullOrEmpty(password);
        if (generated)
        {
            password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', 'x').Replace('/', 'y');
        }
        await users.CreateAsync(bootstrap.UserName, password!, Roles.Admin, cancellationToken);
        if (generated)
        {
            this.console.WriteLine();
            this.console.WriteLine("*************************************************************************");
            this.console.WriteLine($"  First start: created the admin user '{bootstrap.UserName}' with the password");
            this.console.WriteLine($"      {password}");
            this.console.WriteLine("  It is shown only this once. Sign in and change it at /admin/users,");
            this.console.WriteLine("  or set Auth:BootstrapAdmin:Password before the first start.");
            this.console.WriteLine("*************************************************************************");
            this.console.WriteLine();
        }
    }
}
