using System.Text.RegularExpressions;

namespace BackupRestore.Dashboard.Tests.Infrastructure;

/// <summary>A browser-like HTTP session: loads a page (cookie + antiforgery token) and posts its forms.</summary>
public sealed partial class DashboardSession(DashboardApp app) : IDisposable
{
    private readonly HttpClient http = app.CreateHttpClient(followRedirects: false);

    public string Token { get; private set; } = "";

    public async Task<string> LoadAsync(string path = "/")
    {
        var html = await http.GetStringAsync(new Uri(path, UriKind.Relative));
        Token = CsrfMeta().Match(html).Groups[1].Value;
        return html;
    }

    public Task<HttpResponseMessage> PostFormAsync(string path, IEnumerable<KeyValuePair<string, string>> fields, bool withToken = true)
    {
        var all = withToken ? fields.Append(new("__RequestVerificationToken", Token)) : fields;
        return http.PostAsync(new Uri(path, UriKind.Relative), new FormUrlEncodedContent(all));
    }

    public Task<string> GetStringAsync(string path) => http.GetStringAsync(new Uri(path, UriKind.Relative));

    public void Dispose() => http.Dispose();

    [GeneratedRegex("<meta name=\"csrf-token\" content=\"([^\"]*)\"")]
    private static partial Regex CsrfMeta();
}
