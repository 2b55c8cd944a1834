using System.Net;

namespace TwinLab.Server.Hosting;

/// <summary>
/// The browsable API reference at <c>/docs</c>: a page whose script reads <c>/openapi/v1.json</c> and lists the operations
/// by tag with their parameters, bodies and responses.
/// </summary>
/// <remarks>Everything it loads is served from here (see <see cref="ApiReferenceAssets"/>) and its Content-Security-Policy
/// allows nothing else, so the page works offline and never reaches a CDN.</remarks>
internal static class ApiReference
{
    /// <summary>Where the page is served.</summary>
    public const string PagePath = "/docs";

    private const string Policy = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /// <summary>Maps the page and its script and style sheet; they need no <c>api-version</c> and no token.</summary>
    public static IEndpointRouteBuilder MapApiReference(this IEndpointRouteBuilder app)
    {
        var docs = app.MapGroup(PagePath).ExcludeFromDescription().AllowAnonymous();
        docs.MapGet("/", Page);
        docs.MapGet("/api-reference.js", () => Asset(ApiReferenceAssets.Script, "text/javascript; charset=utf-8"));
        docs.MapGet("/api-reference.css", () => Asset(ApiReferenceAssets.StyleSheet, "text/css; charset=utf-8"));
        return app;
    }

    private static IResult Page(HttpContext context)
    {
        var pathBase = context.Request.PathBase.Value ?? "";
        var html = ApiReferenceAssets.Page
            .Replace("{{base}}", WebUtility.HtmlEncode(pathBase), StringComparison.Ordinal)
            .Replace("{{versions}}", WebUtility.HtmlEncode(string.Join(" ", ApiVersion.Supported.Order(StringComparer.Ordinal))), StringComparison.Ordinal);
        return Asset(html, "text/html; charset=utf-8");
    }

    private static AssetResult Asset(string text, string contentType) => new(text, contentType);

    /// <summary>A text asset with the page's security headers.</summary>
    private sealed class AssetResult(string text, string contentType) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            var headers = httpContext.Response.Headers;
            headers.ContentSecurityPolicy = Policy;
            headers.XContentTypeOptions = "nosniff";
            headers.CacheControl = "no-cache";
            httpContext.Response.ContentType = contentType;
            return httpContext.Response.WriteAsync(text);
        }
    }
}
