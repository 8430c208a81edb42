using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace BackupRestore.Dashboard.Vendors;

/// <summary>Reading vendor responses: JSON into typed records, anything else into a clear error.</summary>
internal static class VendorHttp
{
    private const int MaxErrorBody = 16 * 1024;

    public static async Task<T> ReadJsonAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> type, string system, CancellationToken cancellationToken)
    {
        var what = Describe(response);
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (mediaType is not null && !mediaType.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            throw new VendorProtocolException($"{system} answered {what} with {mediaType} instead of JSON.");
        }
        try
        {
            return await response.Content.ReadFromJsonAsync(type, cancellationToken)
                ?? throw new VendorProtocolException($"{system} answered {what} with an empty JSON body.");
        }
        catch (JsonException e)
        {
            throw new VendorProtocolException($"{system} answered {what} with malformed JSON ({e.Message}).", e);
        }
        catch (IOException e)
        {
            throw new VendorProtocolException($"{system} closed the connection before the body of {what} was complete.", e);
        }
    }

    /// <summary>The error body as text (bounded), for the vendor's error parser; empty when unreadable.</summary>
    public static async Task<string> ReadErrorBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            return text.Length > MaxErrorBody ? text[..MaxErrorBody] : text;
        }
        catch (HttpRequestException)
        {
            return "";
        }
    }

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
        var title = System.Text.RegularExpressions.Regex.Match(body, "<title>(.*?)</title>", System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.Singleline);
        var text = title.Success ? title.Groups[1].Value : body;
        text = text.Trim();
        if (text.Length == 0)
        {
            return $"HTTP {status} with an empty body";
        }
        return text.Length > 200 ? text[..200] + "…" : text;
    }

    private static string Describe(HttpResponseMessage response) =>
        $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath}";
}
