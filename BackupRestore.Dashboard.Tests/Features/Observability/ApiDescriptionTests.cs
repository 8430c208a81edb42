using System.Net;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using BackupRestore.Dashboard.Features.Auth;
using BackupRestore.Dashboard.Features.Observability;
using BackupRestore.Dashboard.Tests.Infrastructure;
using BackupRestore.Simulator.Nsx;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.OpenApi;

namespace BackupRestore.Dashboard.Tests.Features.Observability;

/// <summary>/openapi/v1.json describes every mapped /api endpoint and nothing else; Scalar shows it to signed-in users.</summary>
public sealed partial class ApiDescriptionTests : IAsyncLifetime
{
    private SimulatorHandle sim = default!;
    private DashboardApp app = default!;

    public async Task InitializeAsync()
    {
        sim = await SimulatorHandle.StartAsync();
        sim.AddNsx("west", NsxScenario.SuspendsForUserAction);
        app = DashboardApp.Start([sim.TargetOptions("nsx", "west")], new ManualTimeProvider(DateTimeOffset.UtcNow));
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        await sim.DisposeAsync();
    }

    [Fact]
    public async Task The_document_is_openapi_3_and_lists_exactly_the_mapped_api_endpoints()
    {
        using var viewer = await app.ApiClientAsync(Roles.Viewer);
        var json = await viewer.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        using var raw = JsonDocument.Parse(json);
        var read = OpenApiDocument.Parse(json, "json");

        var described = read.Document!.Paths
            .SelectMany(p => p.Value.Operations!.Keys.Select(m => $"{m.Method.ToUpperInvariant()} {Normalize(p.Key)}"))
            .Order().ToList();
        var mapped = ApiEndpoints()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => $"{m} {Normalize(e.RoutePattern.RawText!)}"))
            .Order().ToList();

        Assert.StartsWith("3.", raw.RootElement.Text("openapi"), StringComparison.Ordinal);
        Assert.Empty(read.Diagnostic!.Errors);
        Assert.True(mapped.Count >= 15, string.Join("\n", mapped));
        Assert.Equal(mapped, described);
    }

    [Fact]
    public async Task Actions_describe_their_error_bodies_and_every_call_its_security()
    {
        using var viewer = await app.ApiClientAsync(Roles.Viewer);
        var document = OpenApiDocument.Parse(await viewer.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)), "json").Document!;

        var action = document.Paths["/api/operations/{id}/actions/{action}"].Operations![HttpMethod.Post];
        var list = document.Paths["/api/operations"].Operations![HttpMethod.Get];
        var error = action.Responses!["409"].Content!["application/json"].Schema!;

        Assert.Equal(["200", "400", "401", "403", "404", "409", "413", "502"], action.Responses.Keys.Order());
        Assert.Equal(["200", "401"], list.Responses!.Keys.Order());
        Assert.Equal("ApiError", (error as OpenApiSchemaReference)?.Reference.Id);
        Assert.Contains("error", document.Components!.Schemas!["ApiError"].Properties!.Keys);
        Assert.Equal(["basic", "bearer"], document.Components.SecuritySchemes!.Keys.Order());
        Assert.Equal(["basic", "bearer"], document.Components.SecuritySchemes.Values.Select(s => s.Scheme).Order());
        Assert.Equal(2, document.Security!.Count);
        Assert.Equal(["Administration", "Audit", "Diagnostics", "Notifications", "Operations", "Targets"],
            document.Paths.Values.SelectMany(p => p.Operations!.Values).SelectMany(o => o.Tags!.Select(t => t.Name!)).Distinct().Order());
    }

    [Fact]
    public async Task Every_call_describes_its_bodies_and_a_post_that_can_read_a_body_declares_it()
    {
        using var viewer = await app.ApiClientAsync(Roles.Viewer);
        var document = OpenApiDocument.Parse(await viewer.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)), "json").Document!;
        var paths = document.Paths.ToDictionary(p => Normalize(p.Key), p => p.Value, StringComparer.Ordinal);

        var problems = new List<string>();
        foreach (var endpoint in ApiEndpoints())
        {
            var path = Normalize(endpoint.RoutePattern.RawText!);
            foreach (var method in endpoint.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods)
            {
                problems.AddRange(Check(document, endpoint, method, paths[path].Operations![HttpMethod.Parse(method)]).Select(p => $"{method} {path}: {p}"));
            }
        }

        Assert.Empty(problems);
        Assert.Equal(["disabled", "password", "role"], document.Components!.Schemas!["ChangeUserRequest"].Properties!.Keys.Order());
    }

    [Fact]
    public async Task The_document_and_the_reference_page_need_a_signed_in_user()
    {
        using var anonymous = app.CreateHttpClient(followRedirects: false);
        using var viewer = await DashboardSession.SignInAsync(app, Roles.Viewer);

        using var anonymousDocument = await anonymous.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        using var anonymousPage = await anonymous.GetAsync(new Uri("/scalar/v1", UriKind.Relative));
        using var page = await viewer.GetAsync("/scalar/v1");

        Assert.NotEqual(HttpStatusCode.OK, anonymousDocument.StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, anonymousPage.StatusCode);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        var inline = InlineScript().Match(html).Groups[1].Value;
        var hash = Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(inline)));
        Assert.Contains("openapi/v1.json", inline, StringComparison.Ordinal);
        // The page starts itself inline: allowed by that script's hash only, never by 'unsafe-inline'.
        Assert.Contains($"script-src 'self' 'sha256-{hash}'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline';", page.Headers.GetValues("Content-Security-Policy").Single().Split("style-src")[0], StringComparison.Ordinal);
    }

    /// <summary>What one operation fails to describe: success and error bodies, and the request body it reads.</summary>
    private static IEnumerable<string> Check(OpenApiDocument document, RouteEndpoint endpoint, string method, OpenApiOperation operation)
    {
        var responses = operation.Responses!;
        if (!responses.Keys.Any(k => k[0] == '2'))
        {
            yield return "no success response";
        }
        foreach (var (status, _) in responses.Where(r => r.Key[0] == '2' && r.Key != "204" && JsonSchema(r.Value.Content) is null))
        {
            yield return $"{status} has no JSON schema";
        }
        foreach (var (status, _) in responses.Where(r => r.Key is "400" or "404" or "409" or "413" or "502" && SchemaId(r.Value.Content) != "ApiError"))
        {
            yield return $"{status} is not an ApiError";
        }
        var declared = endpoint.Metadata.GetMetadata<RequestBodyDescription>();
        if (method == "POST" && CanReadBody(endpoint) && declared is null)
        {
            yield return "can read a body: declare it (.ReadsBody<T>) or say it reads none (.ReadsNoBody())";
        }
        var body = operation.RequestBody;
        if (declared?.SchemaName is { } schema)
        {
            if (body is null || SchemaId(body.Content) != schema || body.Required != declared.Required || !document.Components!.Schemas!.ContainsKey(schema))
            {
                yield return $"its body is not described as {schema} (required: {declared.Required})";
            }
            if (!responses.ContainsKey("413"))
            {
                yield return "reads a body but has no 413";
            }
        }
        else if (body is not null)
        {
            yield return "describes a body it does not read";
        }
    }

    private static string? SchemaId(IDictionary<string, OpenApiMediaType>? content) => (JsonSchema(content) as OpenApiSchemaReference)?.Reference.Id;

    private IEnumerable<RouteEndpoint> ApiEndpoints() => app.Get<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
        .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true);

    /// <summary>A handler given the request (or its context), or one that binds a body, can read one.</summary>
    private static bool CanReadBody(RouteEndpoint endpoint) =>
        endpoint.Metadata.GetMetadata<IAcceptsMetadata>() is not null
        || endpoint.Metadata.GetMetadata<MethodInfo>()!.GetParameters().Any(p => p.ParameterType == typeof(HttpRequest) || p.ParameterType == typeof(HttpContext));

    private static IOpenApiSchema? JsonSchema(IDictionary<string, OpenApiMediaType>? content) =>
        content?.TryGetValue("application/json", out var json) == true ? json.Schema : null;

    /// <summary>Route constraints off, no trailing slash: "/api/admin/users/{id:long}" and "/api/admin/users/{id}" are one path.</summary>
    private static string Normalize(string path) => Parameter().Replace(path, "{$1}").TrimEnd('/');

    [GeneratedRegex("""<script type="module">(.*?)</script>""", RegexOptions.Singleline)]
    private static partial Regex InlineScript();

    [GeneratedRegex(@"\{([^}:=?]+)[^}]*\}")]
    private static partial Regex Parameter();
}
