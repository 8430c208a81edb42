using System.Net;
using BackupRestore.Dashboard.Features.Auth;
using BackupRestore.Dashboard.Tests.Infrastructure;

namespace BackupRestore.Dashboard.Tests.Features.ScaleOut;

/// <summary>Data Protection keys in PostgreSQL: behind a load balancer, a session does not depend on which instance answers.</summary>
public sealed class SharedSignInTests : IAsyncLifetime
{
    private ScaleOutCluster cluster = default!;

    public async Task InitializeAsync() => cluster = await ScaleOutCluster.StartAsync();

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    [Fact]
    public async Task A_cookie_issued_by_one_instance_is_accepted_by_another_with_its_own_data_folder()
    {
        var targets = cluster.Targets(TimeSpan.FromSeconds(5)).Take(1).ToList();
        await using var a = DashboardApp.Start(targets, settings: cluster.Settings("a", fastLeases: true));
        await using var b = DashboardApp.Start(targets, settings: cluster.Settings("b", fastLeases: true));
        var (user, password) = await a.UserAsync(Roles.Viewer);
        var cookies = new CookieContainer();
        using var onA = new DashboardSession(a.Address, new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies });
        using var signedIn = await onA.SignInAsync(user, password);
        Assert.Equal("/", signedIn.Headers.Location?.OriginalString);
        using var onB = new DashboardSession(b.Address, new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies });
        using var anonymous = new DashboardSession(b.Address);

        using var page = await onB.GetAsync("/");
        using var refused = await anonymous.GetAsync("/");

        Assert.NotEqual(a.DataFolder, b.DataFolder);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
    }
}
