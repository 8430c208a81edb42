using System.Text.RegularExpressions;

namespace BackupRestore.Dashboard.Tests.Infrastructure;

/// <summary>A browser-like HTTP session: loads a page (cookie + antiforgery token) and posts its forms (sign-in, sign-out).</summary>
public sealed partial class DashboardSession(Uri address) : IDisposable
{
    private readonly HttpClient http = new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = address };

    public DashboardSession(DashboardApp app) : this(app.Address)
    {
    }

    public string Token { get; private set; } = "";

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

    public Task<HttpResponseMessage> GetAsync(string path) => http.GetAsync(new Uri(path, UriKind.Relative));

    public async Task<string> LoadAsync(string path = "/")
    {
        var html = await http.GetStringAsync(new Uri(path, UriKind.Relative));
        var match = CsrfField().Match(html);
        Token = match.Groups[1].Success ? match.Groups[1].Value : match.Groups[2].Value;
        return html;
    }

    public Task<HttpResponseMessage> PostFormAsync(string path, IEnumerable<KeyValuePair<string, string>> fields, bool withToken = true)
    {
        var all = withToken ? fields.Append(new("__RequestVerificationToken", Token)) : fields;
        return http.PostAsync(new Uri(path, UriKind.Relative), new FormUrlEncodedContent(all));
    }

    public Task<string> GetStringAsync(string path) => http.GetStringAsync(new Uri(path, UriKind.Relative));

    public void Dispose() => http.Dispose();

    /// <summary>The antiforgery field a static form (sign-in) carries.</summary>
    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]*)\"|type=\"hidden\" name=\"__RequestVerificationToken\" value=\"([^\"]*)\"")]
    private static partial Regex CsrfField();
}
