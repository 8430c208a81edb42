using System.Net;
using BackupRestore.Dashboard.Features.Auth;
using BackupRestore.Dashboard.Tests.Infrastructure;
using BackupRestore.Simulator;
using BackupRestore.Simulator.Nsx;

namespace BackupRestore.Dashboard.Tests.Features.Wall;

/// <summary>The wall link's token becomes a cookie, leaves the address bar, and stops working when revoked; staleness.</summary>
public sealed class WallAccessTests : IAsyncLifetime
{
    private readonly ManualTimeProvider clock = new(DateTimeOffset.UtcNow);
    private SimulatorHandle sim = default!;
    private DashboardApp app = default!;

    public async Task InitializeAsync()
    {
        sim = await SimulatorHandle.StartAsync();
        sim.AddNsx("east", NsxScenario.RunsToSuccess);
        app = DashboardApp.Start([sim.TargetOptions("nsx", "east", TimeSpan.FromSeconds(1))], clock);
        await app.WaitForOperationAsync("east:cluster-restore");
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        await sim.DisposeAsync();
    }

    [Fact]
    public async Task The_token_is_exchanged_for_a_cookie_and_dropped_from_the_address_keeping_the_filters()
    {
        var token = await app.TokenAsync(Roles.Viewer);
        using var wall = new DashboardSession(app);

        using var exchange = await wall.GetAsync($"/wall?token={token}&system=nsx&state=failed,running");
        var page = await wall.GetStringAsync(exchange.Headers.Location!.OriginalString);

        Assert.Equal(HttpStatusCode.Redirect, exchange.StatusCode);
        Assert.Equal("/wall?system=nsx&state=failed%2Crunning", exchange.Headers.Location.OriginalString);
        Assert.Contains("class=\"wall\"", page, StringComparison.Ordinal);
        Assert.Contains("id=\"op-east:cluster-restore\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<form method=\"post\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain(token, page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Revoking_the_token_ends_the_walls_access_and_a_bad_token_gets_no_cookie()
    {
        var token = await app.TokenAsync(Roles.Viewer);
        using var wall = new DashboardSession(app);
        using var _ = await wall.GetAsync($"/wall?token={token}");
        using var before = await wall.GetAsync("/wall");

        var tokens = app.Get<TokenStore>();
        await tokens.RevokeAsync((await tokens.ListAsync(default)).Single(t => token.StartsWith(t.Prefix, StringComparison.Ordinal)).Id, default);
        using var after = await wall.GetAsync("/wall");
        using var forged = await new DashboardSession(app).GetAsync("/wall?token=brd_not-a-real-token");

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/login", after.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
    }

    [Fact]
    public async Task A_target_not_read_for_three_intervals_turns_stale_and_fresh_again_when_it_answers()
    {
        await using var watcher = await app.ListenAsync();
        await sim.SetFaultAsync("nsx", "east", SimFaultKind.ServerError);

        clock.Advance(TimeSpan.FromSeconds(1));
        var degraded = await watcher.WaitForAsync(f => f.Html.Contains("Target not reachable", StringComparison.Ordinal));
        clock.Advance(TimeSpan.FromSeconds(1));
        clock.Advance(TimeSpan.FromSeconds(1));
        var stale = await watcher.WaitForAsync(f => f.Html.Contains("card state-running stale", StringComparison.Ordinal));
        (await sim.Control.DeleteAsync(new Uri(sim.Running.Address, "/_sim/nsx/east/fault"))).EnsureSuccessStatusCode();
        clock.Advance(TimeSpan.FromMinutes(3));
        var fresh = await watcher.WaitForAsync(f => f.Version > stale.Version && !f.Html.Contains("stale", StringComparison.Ordinal) && !f.Html.Contains("not reachable", StringComparison.Ordinal));

        Assert.DoesNotContain("stale", degraded.Html, StringComparison.Ordinal);
        Assert.Contains("Stale: no fresh data from east", stale.Html, StringComparison.Ordinal);
        Assert.Contains("Step 2 of 11", fresh.Html, StringComparison.Ordinal);
    }
}
