using BackupRestore.Dashboard.Features.Auth;
using BackupRestore.Dashboard.Tests.Infrastructure;
using BackupRestore.Simulator.Nsx;

namespace BackupRestore.Dashboard.Tests.Browser;

/// <summary>The Scalar API reference in Chromium: it starts under the app's CSP and shows the described API.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ApiReferenceBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    private SimulatorHandle sim = default!;
    private DashboardApp app = default!;

    public async Task InitializeAsync()
    {
        sim = await SimulatorHandle.StartAsync();
        sim.AddNsx("east", NsxScenario.RunsToSuccess);
        app = DashboardApp.Start([sim.TargetOptions("nsx", "east")]);
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        await sim.DisposeAsync();
    }

    [Fact]
    public async Task A_signed_in_viewer_sees_the_api_reference_without_csp_violations()
    {
        var page = await browser.SignedInPageAsync(app, Roles.Viewer);
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                lock (violations)
                {
                    violations.Add(message.Text);
                }
            }
        };

        await page.GotoAsync("/scalar/v1");
        await page.GetByText("BackupRestore Dashboard API").First.WaitForAsync();
        await page.GetByText("/api/operations/{id}/actions/{action}").First.WaitForAsync(new() { State = Microsoft.Playwright.WaitForSelectorState.Attached });
        await page.ScreenshotAsync(new() { Path = Screenshots.PathFor("screenshot-api-reference.png") });

        lock (violations)
        {
            Assert.Empty(violations);
        }
    }
}
