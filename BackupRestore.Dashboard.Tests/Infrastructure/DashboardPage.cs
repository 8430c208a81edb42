using System.Text.RegularExpressions;

namespace BackupRestore.Dashboard.Tests.Infrastructure;

/// <summary>A browser-like HTTP session: loads a page (cookie + antiforgery token) and posts its forms (sign-in, sign-out).</summary>
public sealed partial class DashboardSession(Uri address, HttpClientHandler? handler = null) : IDisposable
{
    private readonly HttpClient http = new(handler ?? new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = address };

    public DashboardSession(DashboardApp app) : this(app.Address)
    {
    }

    public string Token { get; private set; } = "";

    /// <summary>Makes an API token with <paramref name="role"/> through the admin API, as an admin's script would.</summary>
    public async Task<string> CreateTokenAsync(string adminUser, string adminPassword, string name, string role)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/admin/tokens", UriKind.Relative))
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { name, role, expiresInDays = (int?)null }),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{adminUser}:{adminPassword}")));
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        using var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("token").GetString()!;
    }

    /// <summary>A browser-like session signed in as a new user with <paramref name="role"/>.</summary>
    public static async Task<DashboardSession> SignInAsync(DashboardApp app, string role)
    {
        var (user, password) = await app.UserAsync(role);
        var session = new DashboardSession(app);
        using var response = await session.SignInAsync(user, password);
        Assert.True(response.Headers.Location?.OriginalString == "/", $"Sign-in as {user} failed: {response.StatusCode} {response.Headers.Location}");
        await session.LoadAsync();
        return session;
    }

    /// <summary>Posts the login form; the answer is the redirect (home on success, back to /login otherwise).</summary>
    public async Task<HttpResponseMessage> SignInAsync(string user, string password)
    {
        await LoadAsync("/login");
        return await PostFormAsync("/login", [new("username", user), new("password", password), new("returnUrl", "/")]);
    }

    /// <summary>A GET; <paramref name="forwardedProto"/> adds X-Forwarded-Proto as a TLS proxy in front would.</summary>
    public async Task<HttpResponseMessage> GetAsync(string path, string? forwardedProto = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        Forwarded(request, null, forwardedProto);
        return await http.SendAsync(request);
    }

    /// <summary>
    /// GETs <paramref name="path"/> and keeps its antiforgery token. By default the static sign-in page: it renders for a
    /// signed-in user too and is the only page whose HTML carries a form (live pages render over their circuit).
    /// </summary>
    public async Task<string> LoadAsync(string path = "/login")
    {
        var html = await http.GetStringAsync(new Uri(path, UriKind.Relative));
        var match = CsrfField().Match(html);
        Token = match.Groups[1].Success ? match.Groups[1].Value : match.Groups[2].Value;
        return html;
    }

    /// <param name="expectContinue">Sends <c>Expect: 100-continue</c>, as curl does for large bodies: a server that refuses
    /// the request from its headers answers before the body is sent, instead of closing the connection under it.</param>
    public async Task<HttpResponseMessage> PostFormAsync(string path, IEnumerable<KeyValuePair<string, string>> fields, bool withToken = true,
        string? forwardedFor = null, string? forwardedProto = null, bool expectContinue = false)
    {
        var all = withToken ? fields.Append(new("__RequestVerificationToken", Token)) : fields;
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = new FormUrlEncodedContent(all) };
        request.Headers.ExpectContinue = expectContinue;
        Forwarded(request, forwardedFor, forwardedProto);
        return await http.SendAsync(request);
    }

    private static void Forwarded(HttpRequestMessage request, string? forwardedFor, string? forwardedProto)
    {
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }
        if (forwardedProto is not null)
        {
            request.Headers.Add("X-Forwarded-Proto", forwardedProto);
        }
    }

    public Task<string> GetStringAsync(string path) => http.GetStringAsync(new Uri(path, UriKind.Relative));

    public void Dispose() => http.Dispose();

    /// <summary>The antiforgery field a static form (sign-in) carries.</summary>
    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]*)\"|type=\"hidden\" name=\"__RequestVerificationToken\" value=\"([^\"]*)\"")]
    private static partial Regex CsrfField();
}
