using BackupRestore.Dashboard.Features.Auth;
using BackupRestore.Dashboard.Features.Data;
using BackupRestore.Dashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BackupRestore.Dashboard.Tests.Features.Auth;

public sealed class BootstrapAdminTests : IAsyncLifetime
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "brd-tests", "bootstrap-" + Guid.NewGuid().ToString("n"));
    private ServiceProvider services = default!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(folder);
        services = new ServiceCollection()
            .AddDbContextFactory<DashboardDb>(o => o.UseSqlite($"Data Source={Path.Combine(folder, "db")}")
                .ConfigureWarnings(w => w.Ignore(Microsoft.EntityFrameworkCore.Diagnostics.RelationalEventId.PendingModelChangesWarning)))
            .BuildServiceProvider();
        await using var db = await services.GetRequiredService<IDbContextFactory<DashboardDb>>().CreateDbContextAsync();
        await db.Database.MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        await services.DisposeAsync();
        DashboardAppCleanup.DeleteFolder(folder);
    }

    [Fact]
    public async Task With_no_user_and_no_password_a_strong_one_is_generated_and_printed_once()
    {
        var users = new UserStore(services.GetRequiredService<IDbContextFactory<DashboardDb>>(), new ManualTimeProvider());
        var console = new StringWriter();
        var bootstrap = new BootstrapAdmin(users, Options.Create(new AuthOptions()), console);

        await bootstrap.RecoverAsync(default);
        var printed = console.ToString();
        await bootstrap.RecoverAsync(default);

        var password = printed.Split('\n').Select(l => l.Trim()).SkipWhile(l => !l.EndsWith("with the password", StringComparison.Ordinal)).Skip(1).First();
        Assert.True(password.Length >= 20);
        Assert.NotNull(await users.VerifyAsync("admin", password, default));
        Assert.Equal(Roles.Admin, (await users.FindAsync("admin", default))!.Role);
        Assert.Equal(printed, console.ToString());
        Assert.DoesNotContain(password, (await users.FindAsync("admin", default))!.PasswordHash, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_configured_password_is_used_and_nothing_is_printed()
    {
        var users = new UserStore(services.GetRequiredService<IDbContextFactory<DashboardDb>>(), new ManualTimeProvider());
        var console = new StringWriter();

        await new BootstrapAdmin(users, Options.Create(new AuthOptions { BootstrapAdmin = new() { UserName = "root", Password = "Configured-Passw0rd!" } }), console).RecoverAsync(default);

        Assert.Equal("", console.ToString());
        Assert.NotNull(await users.VerifyAsync("root", "Configured-Passw0rd!", default));
    }
}
