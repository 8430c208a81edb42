namespace BackupRestore.Dashboard;

/// <summary>
/// Headers every response carries: no inline or eval'd script, no framing, no sniffing. Styles may be inline:
/// MudBlazor writes its theme as a style element and sizes components with style attributes (docs/decisions.md).
/// </summary>
internal static class SecurityHeaders
{
    internal const string Policy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; " +
        "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = Policy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "same-origin";
        return next(context);
    });
}
