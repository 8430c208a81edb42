using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace BackupRestore.Dashboard.Features.Observability;

/// <summary>
/// Scalar's reference page starts itself with an inline script, which our policy (script-src 'self') blocks. Rather
/// than allowing inline script there, the page's own inline scripts are allowed by their SHA-256 hashes, computed
/// from the page as served: nothing injected into it could run.
/// </summary>
internal static partial class ReferencePageCsp
{
    public const string PathPrefix = "/scalar";

    public static IApplicationBuilder UseReferencePageCsp(this IApplicationBuilder app) =>
        app.UseWhen(c => c.Request.Path.StartsWithSegments(PathPrefix) && !Path.HasExtension(c.Request.Path.Value), page => page.Use(async (context, next) =>
        {
            var original = context.Response.Body;
            using var buffer = new MemoryStream();
            context.Response.Body = buffer;
            try
            {
                await next(context);
            }
            finally
            {
                context.Response.Body = original;
            }
            var html = Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
            var hashes = InlineScript().Matches(html).Select(m => $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(m.Groups[1].Value)))}'").ToList();
            if (hashes.Count > 0)
            {
                context.Response.Headers.ContentSecurityPolicy = SecurityHeaders.Policy.Replace(
                    "script-src 'self'", $"script-src 'self' {string.Join(' ', hashes)}", StringComparison.Ordinal);
            }
            context.Response.ContentLength = buffer.Length;
            buffer.Position = 0;
            await buffer.CopyToAsync(original, context.RequestAborted);
        }));

    /// <summary>A script element without src: its text is what the hash covers.</summary>
    [GeneratedRegex("""<script(?:\s+type="module")?\s*>(.*?)</script>""", RegexOptions.Singleline)]
    private static partial Regex InlineScript();
}
