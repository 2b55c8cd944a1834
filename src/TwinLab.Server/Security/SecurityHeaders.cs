using System.Globalization;
using System.Net;

namespace TwinLab.Server.Security;

/// <summary>
/// The first middleware: the response headers of the OWASP REST Security and HTTP Headers cheat sheets
/// (cheatsheetseries.owasp.org) on every response, errors included.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>X-Content-Type-Options: nosniff</c>, <c>Referrer-Policy: no-referrer</c> and <c>X-Frame-Options: DENY</c> everywhere
/// (<c>SAMEORIGIN</c> where the endpoint's own policy allows <c>frame-ancestors 'self'</c>).</item>
/// <item><c>Content-Security-Policy: default-src 'none'; frame-ancestors 'none'</c> unless the endpoint set its own (the
/// dashboard and the API reference page do): API answers are data, never a page to run or frame.</item>
/// <item><c>Cache-Control: no-store</c> unless the endpoint set its own (the dashboard's files revalidate by ETag with
/// <c>no-cache</c>): twin data must not stay in a shared or browser cache.</item>
/// <item><c>Strict-Transport-Security</c> on HTTPS to a host name that is not loopback; a browser pins HSTS to the host
/// name, and pinning <c>localhost</c> would break every plain-http development server on it.</item>
/// </list>
/// The headers are added as the response starts, so they cover answers written by any later middleware.
/// </remarks>
internal sealed class SecurityHeaders(RequestDelegate next, HardeningSettings settings)
{
    /// <summary>The policy of API answers: load nothing, be framed by nothing.</summary>
    public const string ApiContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";

    private readonly string? _hsts = settings.HstsMaxAgeSeconds > 0
        ? "max-age=" + settings.HstsMaxAgeSeconds.ToString(CultureInfo.InvariantCulture)
        : null;

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(static state =>
        {
            var (context, hsts) = ((HttpContext, string?))state;
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            if (headers.ContentSecurityPolicy.Count == 0) headers.ContentSecurityPolicy = ApiContentSecurityPolicy;
            // The older header says what the endpoint's own policy says (an experiment report may be framed by this server's pages).
            headers.XFrameOptions = headers.ContentSecurityPolicy.ToString().Contains("frame-ancestors 'self'", StringComparison.Ordinal) ? "SAMEORIGIN" : "DENY";
            if (headers.CacheControl.Count == 0) headers.CacheControl = "no-store";
            if (hsts is not null && context.Request.IsHttps && !IsLoopbackHost(context.Request.Host.Host)) headers.StrictTransportSecurity = hsts;
            return Task.CompletedTask;
        }, (context, _hsts));
        return next(context);
    }

    /// <summary>Whether <paramref name="host"/> (the request's <c>Host</c>, without port) names this machine.</summary>
    internal static bool IsLoopbackHost(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host.Trim('[', ']'), out var ip) && ServerSettings.IsLoopback(ip));
}
