using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace BackupRestore.Bench;

/// <summary>The benchmark's own session with the dashboard: signs in as admin, makes a viewer token, reads diagnostics.</summary>
internal sealed partial class DashboardClient : IDisposable
{
    private readonly HttpClient http;
    private readonly HttpClient api;

    public DashboardClient(Uri address)
    {
        http = new HttpClient(new HttpClientHandler { UseCookies = true, AllowAutoRedirect = false }) { BaseAddress = address };
        api = new HttpClient { BaseAddress = address };
    }

    /// <summary>The JSON API, with an admin token (the API takes no cookies).</summary>
    public HttpClient Http => api;

    public async Task SignInAsync(string user, string password)
    {
        var token = Csrf().Match(await http.GetStringAsync("/login")).Groups[1].Value;
        using var response = await http.PostAsync("/login", new FormUrlEncodedContent([new("username", user), new("password", password), new("returnUrl", "/"), new("__RequestVerificationToken", token)]));
        if (response.Headers.Location?.OriginalString != "/")
        {
            throw new InvalidOperationException("The benchmark could not sign in as admin.");
        }
        api.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", await CreateTokenAsync("admin"));
    }

    public async Task<string> CreateTokenAsync(string role)
    {
        var csrf = Csrf().Match(await http.GetStringAsync("/admin/tokens")).Groups[1].Value;
        using var created = await http.PostAsync("/admin/tokens", new FormUrlEncodedContent(
            [new("name", $"bench-{Guid.NewGuid():n}"[..20]), new("role", role), new("expiresInDays", "1"), new("__RequestVerificationToken", csrf)]));
        return NewToken().Match(await http.GetStringAsync(created.Headers.Location!.OriginalString)).Groups[1].Value;
    }

    public async Task<JsonElement> DiagnosticsAsync(bool collect = false) => await api.GetFromJsonAsync<JsonElement>($"/api/diagnostics?collect={(collect ? "true" : "false")}");

    public async Task ResetDiagnosticsAsync() => (await api.PostAsync("/api/diagnostics/reset", null)).Dispose();

    /// <summary>When the dashboard's poller saw the operation's current content (updatedAt), on the host's clock.</summary>
    public async Task<DateTimeOffset> ObservedAtAsync(string operationId)
    {
        var operation = await api.GetFromJsonAsync<JsonElement>($"/api/operations/{operationId}");
        return operation.GetProperty("updatedAt").GetDateTimeOffset();
    }

    public async Task<(TimeSpan Elapsed, long Raw, long Compressed)> TimePageAsync(string path, string? encoding)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (encoding is not null)
        {
            request.Headers.AcceptEncoding.ParseAdd(encoding);
        }
        var started = System.Diagnostics.Stopwatch.StartNew();
        using var response = await http.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var elapsed = started.Elapsed;
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET {path} answered {response.StatusCode}.");
        }
        return (elapsed, response.Content.Headers.ContentEncoding.Count == 0 ? bytes.Length : 0, response.Content.Headers.ContentEncoding.Count > 0 ? bytes.Length : 0);
    }

    public void Dispose()
    {
        http.Dispose();
        api.Dispose();
    }

    [GeneratedRegex("<meta name=\"csrf-token\" content=\"([^\"]*)\"")]
    private static partial Regex Csrf();

    [GeneratedRegex("id=\"new-token\">([^<]+)<")]
    private static partial Regex NewToken();
}
