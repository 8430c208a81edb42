using BackupRestore.Dashboard.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace BackupRestore.Dashboard.Tests.Features.ScaleOut;

/// <summary>Leases are asked for (ScaleOut:Enabled), never a side effect of choosing PostgreSQL.</summary>
public sealed class ScaleOutSwitchTests : IAsyncLifetime
{
    private ScaleOutCluster cluster = default!;

    public async Task InitializeAsync() => cluster = await ScaleOutCluster.StartAsync();

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    [Fact]
    public async Task A_single_postgres_instance_without_scale_out_polls_every_target_and_takes_no_lease()
    {
        var settings = cluster.Settings("solo", fastLeases: true);
        settings.Remove("ScaleOut:Enabled");
        var mark = cluster.Mark();
        await using var app = DashboardApp.Start(cluster.Targets(TimeSpan.FromMilliseconds(300)), settings: settings);

        await ScaleOutCluster.Until(TimeSpan.FromSeconds(30), "a read of every target", () =>
            Task.FromResult(cluster.CallersSince(mark).Values.All(c => c.Length > 0) ? new object() : null));

        Assert.Empty(await cluster.LeasesAsync());
    }

    [Fact]
    public void Scale_out_on_sqlite_stops_the_start_naming_both_keys()
    {
        var error = Assert.Throws<OptionsValidationException>(() => DashboardApp.Start([], settings: new Dictionary<string, string?>
        {
            ["ScaleOut:Enabled"] = "true",
        }));

        Assert.Contains("ScaleOut:Enabled=true needs Database:Provider=postgres", error.Message, StringComparison.Ordinal);
    }
}
