using BackupRestore.Dashboard.Features.Auth;
using BackupRestore.Dashboard.Tests.Infrastructure;
using BackupRestore.Simulator;
using BackupRestore.Simulator.Cbr;
using BackupRestore.Simulator.Cse;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BackupRestore.Dashboard.Tests.Browser;

/// <summary>/targets in Chromium: health follows the pollers by itself, the circuit breaker's state is the real pipeline's.</summary>
[Collection(BrowserCollection.Name)]
public sealed class TargetsPageBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    private SimulatorHandle sim = default!;
    private DashboardApp app = default!;

    public async Task InitializeAsync()
    {
        sim = await SimulatorHandle.StartAsync();
        sim.Fleet.AddCbr("vault", CbrScenario.Default);
        sim.Fleet.AddCse("engine", CseScenario.Default);
        // Failing from the first call: the breaker opens after a few polls (it needs every sampled call to fail).
        await sim.SetFaultAsync("cbr", "vault", SimFaultKind.ServerError);
        app = DashboardApp.Start(new[] { ("cbr", "vault"), ("cse", "engine") }
            .Select(t => sim.TargetOptions(t.Item1, t.Item2, TimeSpan.FromMilliseconds(200))));
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        await sim.DisposeAsync();
    }

    [Fact]
    public async Task An_open_circuit_reads_open_and_recovery_shows_without_reload()
    {
        var page = await browser.SignedInPageAsync(app, Roles.Viewer);
        await page.GotoAsync("/targets");
        var vault = Row(page, "vault");

        await Expect(vault.Locator("[data-health]")).ToHaveAttributeAsync("data-health", "not-reachable");
        await Expect(vault.Locator(".cell-error")).ToContainTextAsync("circuit open");
        await Expect(vault.Locator("[data-circuit]")).ToHaveAttributeAsync("data-circuit", "open");
        await Expect(page.Locator("a[data-target-link]").First).ToHaveAttributeAsync("data-target-link", "vault");
        await Expect(Row(page, "engine").Locator("[data-health]")).ToHaveAttributeAsync("data-health", "reachable");
        await Expect(Row(page, "engine").Locator("[data-circuit]")).ToHaveAttributeAsync("data-circuit", "closed");

        await sim.SetFaultAsync("cbr", "vault", SimFaultKind.None);

        // The breaker lets a probe through after its break (Resilience:Break, 5 s at first); the page follows by itself.
        await Expect(vault.Locator("[data-health]")).ToHaveAttributeAsync("data-health", "reachable", new() { Timeout = 30_000 });
        await Expect(vault.Locator("[data-circuit]")).ToHaveAttributeAsync("data-circuit", "closed");
        await Expect(page.Locator("#target-counts")).ToContainTextAsync("2 targets · 2 reachable · 0 not reachable");
    }

    private static ILocator Row(IPage page, string target) =>
        page.Locator("tr", new() { Has = page.Locator($"a[data-target-link='{target}']") });
}
