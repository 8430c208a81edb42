using System.Diagnostics;
using Microsoft.Playwright;

namespace BackupRestore.Bench;

/// <summary>
/// Real browsers on the dashboard: one Chromium, one context (and so one circuit) per page, all signed in as the same
/// user. A marker argument lets the benchmark kill Chromium outright, as a crashed or unplugged browser would go.
/// </summary>
internal sealed class Browsers : IAsyncDisposable
{
    private readonly string marker = "--brd-bench-marker=" + Guid.NewGuid().ToString("n");
    private readonly List<IBrowserContext> contexts = [];
    private IPlaywright playwright = default!;
    private IBrowser browser = default!;
    private string? storageState;
    private string baseUrl = "";

    public int Count => contexts.Count;

    public IReadOnlyList<IPage> Pages => contexts.SelectMany(c => c.Pages).ToList();

    public static async Task<Browsers> LaunchAsync(Uri dashboard, string user, string password)
    {
        var browsers = await LaunchUnsignedAsync(dashboard);
        var context = await browsers.browser.NewContextAsync(new() { BaseURL = dashboard.ToString() });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login");
        await page.FillAsync("input[name=username]", user);
        await page.FillAsync("input[name=password]", password);
        await page.ClickAsync("form.login-form button[type=submit]");
        // Signed in once the redirect away from /login commits: its response set the cookie. Waiting for the main page's
        // load event as well timed out once in CI (30 s) with the page already at the network's rest.
        await page.WaitForURLAsync(url => !url.Contains("/login", StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.Commit });
        browsers.storageState = await context.StorageStateAsync();
        await context.CloseAsync();
        return browsers;
    }

    /// <summary>A Chromium whose tabs sign in as nobody (pages that need no account).</summary>
    public static async Task<Browsers> LaunchUnsignedAsync(Uri site)
    {
        var browsers = new Browsers { playwright = await Playwright.CreateAsync(), baseUrl = site.ToString() };
        browsers.browser = await browsers.playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath(),
            Headless = true,
            // Background pages must keep working: they are the other operators' screens.
            Args = [.. ChromiumArgs, "--disable-renderer-backgrounding", "--disable-background-timer-throttling", "--disable-backgrounding-occluded-windows", browsers.marker],
        });
        return browsers;
    }

    /// <summary>A new browser tab with its own circuit, on the main page, once its first rows are on screen.</summary>
    public async Task<IPage> OpenAsync(string path = "/")
    {
        var context = await browser.NewContextAsync(new() { BaseURL = baseUrl, StorageState = storageState, ViewportSize = new() { Width = 1920, Height = 1080 } });
        contexts.Add(context);
        await context.AddInitScriptAsync(MessageClockScript);
        var page = await context.NewPageAsync();
        await page.GotoAsync(path, new() { Timeout = 60_000 });
        await page.WaitForSelectorAsync("td[data-op]", new() { Timeout = 60_000 });
        return page;
    }

    /// <summary>
    /// Notes when each WebSocket message reaches the page's main thread (window.__brdMessageAt), before the circuit's
    /// own handler runs: a listener added in the constructor comes before the onmessage that SignalR sets later.
    /// Splits change → DOM into "until the message is handled" and "applying it". Also counts the messages each way
    /// (window.__brdIn, window.__brdOut): render batches, pings and acknowledgements per circuit.
    /// </summary>
    private const string MessageClockScript = """
        (() => {
          const Native = window.WebSocket;
          window.__brdMessageAt = 0;
          window.__brdIn = 0;
          window.__brdOut = 0;
          window.WebSocket = class extends Native {
            constructor(...args) {
              super(...args);
              this.addEventListener('message', () => { window.__brdMessageAt = Date.now(); window.__brdIn++; });
            }
            send(data) {
              window.__brdOut++;
              return super.send(data);
            }
          };
        })();
        """;

    /// <summary>WebSocket messages the tab has received and sent so far.</summary>
    public static async Task<(long In, long Out)> MessagesAsync(IPage page)
    {
        var counts = await page.EvaluateAsync<long[]>("[window.__brdIn || 0, window.__brdOut || 0]");
        return (counts[0], counts[1]);
    }

    /// <summary>Closes every tab the way a user does (the browser says goodbye: circuits end at once).</summary>
    public async Task CloseAllAsync()
    {
        foreach (var context in contexts)
        {
            await context.CloseAsync();
        }
        contexts.Clear();
    }

    /// <summary>
    /// Moves this Chromium and all its processes to the lowest CPU priority Linux has: the idle scheduling class
    /// (SCHED_IDLE), at nice 19. On this one machine the other operators' browsers share the cores with the server; so
    /// placed they take only what the server and the measured tab leave, as browsers on their own computers would.
    /// Nice 19 alone was not that: each thread keeps a weight of 15 against a normal thread's 1,024, so 60 tabs
    /// repainting together weigh about as much as one normal thread. Lowering needs no privileges; raising it back would.
    /// </summary>
    public async Task LowestPriorityAsync()
    {
        var tree = Processes();
        // Linux sets priorities per thread, and renice -p on a process reaches only its main thread: name every thread.
        await ProcessTree.RunAsync("renice", ["-n", "19", "-p", .. ProcessTree.Threads(tree)]);
        foreach (var pid in tree)
        {
            // -a: every thread of the process; threads started later inherit the class.
            await ProcessTree.RunAsync("chrt", ["--idle", "-a", "-p", "0", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        }
    }

    /// <summary>This Chromium's processes: those carrying the run's marker and everything they started.</summary>
    private HashSet<int> Processes()
    {
        var tree = ProcessTree.Below((_, command) => command.Contains(marker, StringComparison.Ordinal));
        return tree.Count > 0 ? tree : throw new InvalidOperationException("No Chromium process carries this run's marker: the priority cannot be set.");
    }

    /// <summary>Kills Chromium with SIGKILL: no goodbye, the server keeps each circuit for its retention.</summary>
    public async Task KillAsync()
    {
        // "--": the marker itself starts with dashes.
        using var kill = Process.Start("pkill", ["-9", "-f", "--", marker]);
        await kill!.WaitForExitAsync();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"pkill found no Chromium to kill (exit {kill.ExitCode}): the figure would be wrong.");
        }
        contexts.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await browser.CloseAsync();
        }
        catch (PlaywrightException)
        {
            // Already killed.
        }
        playwright.Dispose();
    }

    private static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

    private static readonly string[] ChromiumLocations = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

    private static string ChromiumPath() =>
        Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } configured ? configured
        : ChromiumLocations.FirstOrDefault(File.Exists)
          ?? throw new InvalidOperationException("The benchmark needs Chromium: sudo apt-get install -y chromium (or set CHROMIUM_PATH).");
}
