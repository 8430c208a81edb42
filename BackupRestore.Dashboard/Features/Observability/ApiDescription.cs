using BackupRestore.Dashboard.Features.Operations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace BackupRestore.Dashboard.Features.Observability;

/// <summary>
/// The JSON API described as OpenAPI 3 at <c>/openapi/v1.json</c>, and Scalar's reference page at <c>/scalar</c>;
/// both for signed-in users (the fallback policy), see docs/decisions.md. Only <c>/api/…</c> is described: pages,
/// sign-in forms, probes and the hub are not part of the API.
/// </summary>
internal static class ApiDescription
{
    public const string DocumentName = "v1";
    public const string DocumentPath = "/openapi/v1.json";

    public static IHostApplicationBuilder AddApiDescription(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOpenApi(DocumentName, o =>
        {
            o.ShouldInclude = d => d.RelativePath?.StartsWith("api/", StringComparison.OrdinalIgnoreCase) == true;
            o.AddDocumentTransformer((document, _, _) =>
            {
                Describe(document);
                return Task.CompletedTask;
            });
            o.AddOperationTransformer(async (operation, context, cancellationToken) =>
            {
                var metadata = context.Description.ActionDescriptor.EndpointMetadata;
                DescribeAccess(operation, metadata);
                await RequestBodyDescription.DescribeAsync(operation, context, metadata, cancellationToken);
            });
        });
        return builder;
    }

    public static IEndpointRouteBuilder MapApiDescription(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi().RequireAuthorization();
        // Its default fonts come from a CDN, which the CSP (font-src 'self') refuses: system fonts instead.
        app.MapScalarApiReference(o => o.WithTitle("BackupRestore Dashboard API").DisableDefaultFonts()).RequireAuthorization();
        return app;
    }

    /// <summary>The error bodies an endpoint really answers with (<see cref="ApiError"/>), for the description.</summary>
    public static RouteHandlerBuilder ProducesApiErrors(this RouteHandlerBuilder builder, params int[] statuses)
    {
        foreach (var status in statuses)
        {
            builder.Produces<ApiError>(status, "application/json");
        }
        return builder;
    }

    private static void Describe(OpenApiDocument document)
    {
        document.Info.Title = "BackupRestore Dashboard API";
        document.Info.Description = "Operations, targets, actions, audit, notifications and administration. "
            + "Authenticate with an API token (Bearer, made by an admin) or a user's name and password (Basic).";
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes["bearer"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http, Scheme = "bearer", Description = "An API token made on the Tokens page or with POST /api/admin/tokens.",
        };
        document.Components.SecuritySchemes["basic"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http, Scheme = "basic", Description = "A dashboard user's name and password.",
        };
        // Either scheme: two requirements, each naming one.
        document.Security =
        [
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("bearer", document)] = [] },
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("basic", document)] = [] },
        ];
    }

    /// <summary>Every API call needs a user (401 without); those behind a role policy also answer 403.</summary>
    private static void DescribeAccess(OpenApiOperation operation, IList<object> metadata)
    {
        operation.Responses ??= new OpenApiResponses();
        operation.Responses.TryAdd("401", new OpenApiResponse { Description = "Not signed in: no, an unknown or an expired token, or a wrong password." });
        if (metadata.OfType<IAuthorizeData>().Any(a => !string.IsNullOrEmpty(a.Policy) || !string.IsNullOrEmpty(a.Roles)))
        {
            operation.Responses.TryAdd("403", new OpenApiResponse { Description = "Signed in, but the role does not allow this." });
        }
    }
}
