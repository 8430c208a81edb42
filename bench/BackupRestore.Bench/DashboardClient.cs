using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace BackupRestore.Bench;

/// <summary>The benchmark's own client of the dashboard's JSON API, as the admin (HTTP Basic).</summary>
internal sealed class DashboardClient : IDisposable
{
    private readonly HttpClient api;

    public DashboardClient(Uri address, string user, string password)
    {
        api = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = address };
        api.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
    }

    public HttpClient Http => api;

    /// <summary>The dashboard's diagnostics; <paramref name="collect"/>: after a full collection, which gives free memory back to the system unless <paramref name="release"/> is false.</summary>
    public async Task<JsonElement> DiagnosticsAsync(bool collect = false, bool release = true) =>
        await api.GetFromJsonAsync<JsonElement>($"/api/diagnostics?collect={(collect ? "true" : "false")}&release={(release ? "true" : "false")}");

    public async Task ResetDiagnosticsAsync() => (await api.PostAsync("/api/diagnostics/reset", null)).Dispose();

    /// <summary>The operation's store version and when the dashboard's poller saw its current content (updatedAt).</summary>
    public async Task<(long Version, DateTimeOffset ObservedAt)> ObservedAsync(string operationId)
    {
        var operation = await api.GetFromJsonAsync<JsonElement>($"/api/operations/{operationId}");
        return (operation.GetProperty("version").GetInt64(), operation.GetProperty("updatedAt").GetDateTimeOffset());
    }

    /// <summary>Times one GET of a page (the document only), as a browser's first request.</summary>
    public static async Task<(TimeSpan Elapsed, long Bytes)> TimePageAsync(HttpClient browser, string path)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        using var response = await browser.GetAsync(new Uri(path, UriKind.Relative));
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var elapsed = started.Elapsed;
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET {path} answered {response.StatusCode}.");
        }
        return (elapsed, bytes.Length);
    }

    public void Dispose() => api.Dispose();
}
