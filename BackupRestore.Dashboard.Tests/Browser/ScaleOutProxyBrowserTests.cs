using BackupRestore.Dashboard.Tests.Features.ScaleOut;
using BackupRestore.Dashboard.Tests.Infrastructure;
using BackupRestore.Simulator.Nsx;
using static Microsoft.Playwright.Assertions;

namespace BackupRestore.Dashboard.Tests.Browser;

/// <summary>
/// The documented deployment (docs/deploy/yarp): two instances on one PostgreSQL behind YARP with cookie affinity and
/// active health checks. A browser sticks to one instance; when that instance is killed (kill -9), the page comes
/// back through the proxy on the other one by itself and shows what changed after the kill.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ScaleOutProxyBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    private const string Live = "live";
    private readonly List<string> folders = [];
    private ScaleOutCluster cluster = default!;

    public async Task InitializeAsync() => cluster = await ScaleOutCluster.StartAsync();

    public async Task DisposeAsync()
    {
        await cluster.DisposeAsync();
        folders.ForEach(DashboardAppCleanup.DeleteFolder);
    }

    [Fact]
    public async Task A_page_sticks_to_one_instance_and_after_a_kill_9_comes_back_live_on_the_other_without_a_click()
    {
        var machine = cluster.Sim.AddNsx(Live, NsxScenario.RunsToSuccess with { RestartAtStep = null });
        var targets = cluster.Targets(TimeSpan.FromMilliseconds(500)).Take(3).Append(cluster.Sim.TargetOptions("nsx", Live, TimeSpan.FromMilliseconds(500))).ToList();
        // One after the other: the first creates the schema and the admin.
        var instances = new Dictionary<string, DashboardProcess> { ["instance-1"] = await StartAsync("a", targets) };
        instances["instance-2"] = await StartAsync("b", targets);
        try
        {
            await using var proxy = await ProxyHost.StartAsync(instances.ToDictionary(i => i.Key, i => i.Value.Address));
            var page = await browser.NewPageAsync(proxy.Address);
            await page.GotoAsync("/login");
            await page.Locator("input[name=username]").FillAsync("admin");
            await page.Locator("input[name=password]").FillAsync(DashboardApp.AdminPassword);
            await page.Locator("form.login-form button[type=submit]").ClickAsync();
            await page.WaitForURLAsync(url => !url.Contains("/login", StringComparison.Ordinal));
            await page.GotoAsync("/wall");
            await Expect(page.Locator("#wall-grid")).ToBeVisibleAsync(new() { Timeout = 30_000 });
            // The page's circuit (its negotiations) is on one instance. Earlier requests may have moved once, if a
            // health probe timed out on this busy machine and the proxy redistributed.
            var before = proxy.Served;
            var circuits = before.Where(s => s.Path.StartsWith("/_blazor/negotiate", StringComparison.Ordinal)).Select(s => s.Destination).Distinct().ToList();
            Assert.True(circuits.Count == 1, "Served before the kill: " + string.Join(", ", before));
            var first = circuits[0];

            await instances[first].DisposeAsync(); // SIGKILL: no clean stop, its leases expire
            instances.Remove(first);
            machine.CompleteCurrentStep();

            // Only the survivor polls now, and only its own reads can show this step: the page is live there.
            var step = page.Locator($"[id='tile-{Live}:cluster-restore'] .tile-step");
            await Expect(step).ToContainTextAsync("Step 3 of 11", new() { Timeout = 90_000 });
            await Expect(page.Locator("#components-reconnect-modal")).ToBeHiddenAsync();
            Assert.Equal("/wall", new Uri(page.Url).AbsolutePath);
            // Retries may reach the dead instance (502) until the proxy takes it out; the new circuit is on the other.
            var renegotiated = proxy.Served.Skip(before.Count).Where(s => s.Path.StartsWith("/_blazor/negotiate", StringComparison.Ordinal)).ToList();
            Assert.NotEqual(first, renegotiated[^1].Destination);
            await page.Context.CloseAsync();
        }
        finally
        {
            foreach (var instance in instances.Values)
            {
                await instance.DisposeAsync();
            }
        }
    }

    /// <summary>One out-of-process instance on the cluster's database, with its own data folder and fast leases.</summary>
    private Task<DashboardProcess> StartAsync(string id, IReadOnlyList<BackupRestore.Dashboard.Features.Targets.TargetOptions> targets)
    {
        var folder = Path.Combine(Path.GetTempPath(), "brd-tests", $"proxy-{id}-{Guid.NewGuid():n}");
        folders.Add(folder);
        var environment = targets.SelectMany((t, i) => DashboardProcess.TargetEnvironment(i, t)).ToDictionary(e => e.Key, e => e.Value);
        foreach (var (key, value) in cluster.Settings(id, fastLeases: true))
        {
            environment[key.Replace(":", "__", StringComparison.Ordinal)] = value!;
        }
        environment["Data__Folder"] = folder;
        environment["Auth__BootstrapAdmin__Password"] = DashboardApp.AdminPassword;
        return DashboardProcess.StartAsync(environment);
    }
}
