using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Refit;

namespace BackupRestore.Dashboard.Vendors.Http;

/// <summary>
/// Refit settings of one vendor API: its source-generated JSON context (tolerant reading), its error body turned into
/// a <see cref="VendorException"/> word for word, anything that is not its API into a <see cref="VendorProtocolException"/>,
/// and transport failures passed through as they are (the pipeline already worded them).
/// </summary>
internal static class VendorRefit
{
    private const int MaxErrorBody = 16 * 1024;

    /// <param name="parseError">The vendor's error body (status, text) → its error, or null when the body is not of that shape.</param>
    public static RefitSettings Settings(string system, JsonSerializerContext context, Func<int, string, VendorError?> parseError)
    {
        var settings = RefitSettings.ForJsonContext(context);
        settings.ExceptionFactory = async response => response.IsSuccessStatusCode ? null : await ErrorAsync(system, response, parseError);
        settings.DeserializationExceptionFactory = (response, e) => ValueTask.FromResult<Exception?>(Protocol(system, response, e));
        settings.TransportExceptionFactory = (_, e, _) => e;
        return settings;
    }

    /// <summary>The backend's error, read from its body (bounded); a body of another shape is summarised (an HTML title).</summary>
    public static async Task<VendorException> ErrorAsync(string system, HttpResponseMessage response, Func<int, string, VendorError?> parseError)
    {
        using (response)
        {
            var status = (int)response.StatusCode;
            string body;
            try
            {
                body = await response.Content.ReadAsStringAsync();
            }
            catch (Exception e) when (e is HttpRequestException or IOException)
            {
                body = "";
            }
            body = body.Length > MaxErrorBody ? body[..MaxErrorBody] : body;
            return new VendorException(system, parseError(status, body) ?? new VendorError(status, null, Summarize(body, status)));
        }
    }

    /// <summary>A success answer that is not the API's JSON: malformed, truncated, empty, or another media type.</summary>
    public static VendorProtocolException Protocol(string system, HttpResponseMessage response, Exception e)
    {
        var what = Describe(response);
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        return e switch
        {
            _ when mediaType is not null && !mediaType.Contains("json", StringComparison.OrdinalIgnoreCase) =>
                new VendorProtocolException($"{system} answered {what} with {mediaType} instead of JSON.", e),
            JsonException j => new VendorProtocolException($"{system} answered {what} with malformed JSON ({j.Message}).", e),
            IOException or HttpRequestException => new VendorProtocolException($"{system} closed the connection before the body of {what} was complete.", e),
            _ => new VendorProtocolException($"{system} answered {what} with a body that could not be read ({e.Message}).", e),
        };
    }

    /// <summary>A value the API must send; Refit gives null for an empty body.</summary>
    public static T Required<T>(T? value, string system, string what) where T : class =>
        value ?? throw new VendorProtocolException($"{system} answered {what} with an empty body.");

    /// <summary>Parses a JSON error body; null when the body is not JSON of that shape (an HTML page from a proxy).</summary>
    public static T? TryParse<T>(string body, JsonTypeInfo<T> type) where T : class
    {
        if (string.IsNullOrWhiteSpace(body) || body.TrimStart()[0] is not ('{' or '['))
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize(body, type);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A one-line summary of a non-JSON error body (HTML title, or the first text), never the whole page.</summary>
    public static string Summarize(string body, int status)
    {
        var title = System.Text.RegularExpressions.Regex.Match(body, "<title>(.*?)</title>",
            System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.Singleline);
        var text = (title.Success ? title.Groups[1].Value : body).Trim();
        if (text.Length == 0)
        {
            return $"HTTP {status} with an empty body";
        }
        return text.Length > 200 ? text[..200] + "…" : text;
    }

    public static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{user}:{password}")));

    private static string Describe(HttpResponseMessage response) =>
        $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath}";
}
