using BackupRestore.Dashboard.Features.Operations;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace BackupRestore.Dashboard.Features.Observability;

/// <summary>
/// The JSON body an endpoint reads itself from <see cref="HttpRequest"/>, for the API description only. Not
/// <c>Accepts&lt;T&gt;</c>: its <c>IAcceptsMetadata</c> makes routing refuse a request without that content type
/// (415), and action bodies are optional. <see cref="None"/> says a POST that could read a body reads none, so the
/// description test can tell a forgotten body from an absent one.
/// </summary>
internal sealed record RequestBodyDescription(Type? Type, string? SchemaName, bool Required, string? Description)
{
    public static RequestBodyDescription None { get; } = new(null, null, false, null);

    /// <summary>The description's request body and its named schema; a body over the size limit answers 413.</summary>
    public static async Task DescribeAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, IList<object> metadata,
        CancellationToken cancellationToken)
    {
        if (metadata.OfType<RequestBodyDescription>().LastOrDefault() is not { Type: { } type, SchemaName: { } name } body)
        {
            return;
        }
        var document = context.Document!;
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal);
        if (!document.Components.Schemas.ContainsKey(name))
        {
            document.Components.Schemas[name] = await context.GetOrCreateSchemaAsync(type, null, cancellationToken);
        }
        if (!document.Components.Schemas.ContainsKey(nameof(ApiError)))
        {
            document.Components.Schemas[nameof(ApiError)] = await context.GetOrCreateSchemaAsync(typeof(ApiError), null, cancellationToken);
        }
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = body.Required,
            Description = body.Description,
            Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
            {
                ["application/json"] = new() { Schema = new OpenApiSchemaReference(name, document) },
            },
        };
        operation.Responses ??= new OpenApiResponses();
        operation.Responses.TryAdd("413", new OpenApiResponse
        {
            Description = "The body is larger than Limits:MaxApiBodyBytes; nothing was done.",
            Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
            {
                ["application/json"] = new() { Schema = new OpenApiSchemaReference(nameof(ApiError), document) },
            },
        });
    }
}

/// <summary>Declaring what an API endpoint reads, next to where it is mapped.</summary>
internal static class RequestBodies
{
    /// <summary>The endpoint reads a JSON <typeparamref name="T"/>, described under <paramref name="schemaName"/>.</summary>
    public static RouteHandlerBuilder ReadsBody<T>(this RouteHandlerBuilder builder, string schemaName, bool required, string description) =>
        builder.WithMetadata(new RequestBodyDescription(typeof(T), schemaName, required, description));

    /// <summary>The handler takes the request (for its user or headers) but never reads its body.</summary>
    public static RouteHandlerBuilder ReadsNoBody(this RouteHandlerBuilder builder) => builder.WithMetadata(RequestBodyDescription.None);
}
