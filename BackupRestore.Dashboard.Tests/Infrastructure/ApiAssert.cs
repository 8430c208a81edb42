using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace BackupRestore.Dashboard.Tests.Infrastructure;

/// <summary>Small helpers for the JSON API: send, check the status, return the body.</summary>
public static class ApiCalls
{
    public static async Task<JsonElement> PostJsonAsync(this HttpClient http, string path, object? body, HttpStatusCode expected)
    {
        using var response = body is null ? await http.PostAsync(path, null) : await http.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"POST {path}: expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task<JsonElement> GetJsonAsync(this HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static string Text(this JsonElement element, string property) => element.GetProperty(property).GetString() ?? "";
}
