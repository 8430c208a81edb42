using System.Globalization;
using System.Net;
using BackupRestore.Dashboard.Features.Operations;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.HttpsPolicy;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace BackupRestore.Dashboard.Features.Hosting;

/// <summary>
/// What sits in front of every feature: quiet, redacted logs; request size limits; client address and scheme
/// from known proxies only; optional HTTPS redirection.
/// </summary>
internal static class HostingServices
{
    public static IHostApplicationBuilder AddHosting(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        AddLogging(builder);
        services.AddOptions<ForwardingOptions>().Bind(builder.Configuration.GetSection("ForwardedHeaders")).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ForwardingOptions>, ForwardingOptionsValidator>();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ForwardingOptions>>((o, known) =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.ForwardLimit = known.Value.ForwardLimit;
            // The framework trusts loopback by default: only what is configured is trusted here.
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in known.Value.KnownProxies)
            {
                o.KnownProxies.Add(IPAddress.Parse(proxy));
            }
            foreach (var network in known.Value.KnownNetworks)
            {
                o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
        services.AddOptions<HttpsOptions>().Bind(builder.Configuration.GetSection("Https"))
            .Validate(o => o.Port is null or (> 0 and < 65536), "Https:Port must be a TCP port (1 to 65535), e.g. 443.")
            .ValidateOnStart();
        services.AddHttpsRedirection(_ => { });
        services.AddOptions<HttpsRedirectionOptions>().Configure<IOptions<HttpsOptions>>((o, https) => o.HttpsPort = https.Value.Port);
        services.AddOptions<RequestLimitsOptions>().Bind(builder.Configuration.GetSection("Limits"))
            .Validate(o => o.MaxApiBodyBytes >= 1024 && o.MaxFormBodyBytes >= 1024 && o.MaxFormValueLength >= 1024,
                "Limits:MaxApiBodyBytes, Limits:MaxFormBodyBytes and Limits:MaxFormValueLength must each be at least 1024 (bytes).")
            .ValidateOnStart();
        services.AddExceptionHandler<BodyTooLargeHandler>();
        services.AddOptions<FormOptions>().Configure<IOptions<RequestLimitsOptions>>((o, limits) =>
        {
            o.MultipartBodyLengthLimit = limits.Value.MaxFormBodyBytes;
            o.ValueLengthLimit = limits.Value.MaxFormValueLength;
        });
        return builder;
    }

    /// <summary>First in the pipeline: proxies' headers, HTTPS redirection, then the body limit for everything after.</summary>
    public static IApplicationBuilder UseHosting(this IApplicationBuilder app)
    {
        if (app.ApplicationServices.GetRequiredService<IOptions<ForwardingOptions>>().Value.Any)
        {
            app.UseForwardedHeaders();
        }
        if (app.ApplicationServices.GetRequiredService<IOptions<HttpsOptions>>().Value.Redirect)
        {
            app.UseHttpsRedirection();
        }
        return app.Use(LimitBodyAsync);
    }

    /// <summary>
    /// A body over the limit is refused with 413 and a message saying which limit, before anything reads it
    /// when its length is declared, and when reading reaches the limit otherwise (chunked uploads).
    /// </summary>
    private static async Task LimitBodyAsync(HttpContext context, RequestDelegate next)
    {
        var limit = LimitOf(context);
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }
        if (context.Request.ContentLength > limit)
        {
            await TooLargeAsync(context);
            return;
        }
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge && !context.Response.HasStarted)
        {
            // Development: no exception handler in between (see BodyTooLargeHandler for the others).
            await TooLargeAsync(context);
        }
    }

    private static long LimitOf(HttpContext context)
    {
        var limits = context.RequestServices.GetRequiredService<IOptions<RequestLimitsOptions>>().Value;
        return context.Request.Path.StartsWithSegments("/api") ? limits.MaxApiBodyBytes : limits.MaxFormBodyBytes;
    }

    public static Task TooLargeAsync(HttpContext context)
    {
        var api = context.Request.Path.StartsWithSegments("/api");
        var limit = LimitOf(context);
        var key = api ? "Limits:MaxApiBodyBytes" : "Limits:MaxFormBodyBytes";
        var message = $"The request body is larger than the {limit.ToString("N0", CultureInfo.InvariantCulture)} bytes this dashboard accepts ({key}). Nothing was done.";
        context.Response.Clear();
        context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        // The rest of the body is not read: the connection closes after this answer.
        context.Response.Headers.Connection = "close";
        return api
            ? context.Response.WriteAsJsonAsync(new ApiError(message), DashboardJsonContext.Default.ApiError)
            : context.Response.WriteAsync(message);
    }

    /// <summary>
    /// Defaults that config can override (they are inserted before the configuration's rules, and the last
    /// equally specific rule wins): framework, EF Core and HttpClient categories at Warning, so a quiet dashboard
    /// writes nothing at all. HttpClient's own request logging (full URLs) is removed unless
    /// <c>Logging:HttpClientRequests=true</c>. Every line goes through <see cref="LogRedactor"/>.
    /// </summary>
    private static void AddLogging(IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<LoggerFilterOptions>(o =>
        {
            LoggerFilterRule[] defaults =
            [
                new LoggerFilterRule(null, null, LogLevel.Information, null),
                new LoggerFilterRule(null, "Microsoft", LogLevel.Warning, null),
                new LoggerFilterRule(null, "Microsoft.Hosting.Lifetime", LogLevel.Information, null),
                new LoggerFilterRule(null, "Microsoft.AspNetCore", LogLevel.Warning, null),
                new LoggerFilterRule(null, "Microsoft.EntityFrameworkCore", LogLevel.Warning, null),
                new LoggerFilterRule(null, "System.Net.Http.HttpClient", LogLevel.Warning, null),
            ];
            for (var i = 0; i < defaults.Length; i++)
            {
                o.Rules.Insert(i, defaults[i]);
            }
        });
        if (!builder.Configuration.GetValue<bool>("Logging:HttpClientRequests"))
        {
            services.ConfigureHttpClientDefaults(http => http.RemoveAllLoggers());
        }
        services.AddSingleton<LogRedactor>();
        services.Replace(ServiceDescriptor.Singleton(RedactingLoggerFactory.Create));
        // Every line carries the trace it belongs to (an action's lines, its vendor calls and its span share the id),
        // as a scope that the console prints (one line, UTC) and the JSON formatter
        // (Logging:Console:FormatterName=json) writes as fields.
        services.Configure<LoggerFactoryOptions>(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        services.Configure<Microsoft.Extensions.Logging.Console.SimpleConsoleFormatterOptions>(o =>
        {
            o.IncludeScopes = true;
            o.SingleLine = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
        });
        services.Configure<Microsoft.Extensions.Logging.Console.JsonConsoleFormatterOptions>(o =>
        {
            o.IncludeScopes = true;
            o.UseUtcTimestamp = true;
        });
    }
}

/// <summary>A body found too large while being read (a chunked upload) answers 413 with the limit's key, not 500.</summary>
internal sealed class BodyTooLargeHandler : Microsoft.AspNetCore.Diagnostics.IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } || httpContext.Response.HasStarted)
        {
            return false;
        }
        await HostingServices.TooLargeAsync(httpContext);
        return true;
    }
}
