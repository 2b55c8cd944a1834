using System.Security.Authentication;

namespace TwinLab.Server.Security;

/// <summary>HTTP hardening: security headers, CORS (off unless origins are configured), rate limits, and the TLS versions
/// accepted.</summary>
public static class HardeningWiring
{
    /// <summary>The TLS versions HTTPS accepts: 1.2 and 1.3. TLS 1.0 and 1.1 are deprecated by RFC 8996.</summary>
    public const SslProtocols TlsProtocols = SslProtocols.Tls12 | SslProtocols.Tls13;

    /// <summary>The request headers a cross-origin page may send: the bearer token, the body's type, and the headers ADT
    /// clients send (preconditions, telemetry ids and times, page sizes, request ids, trace context).</summary>
    public static readonly IReadOnlyList<string> CorsRequestHeaders =
    [
        "Authorization", "Content-Type", "If-Match", "If-None-Match", "Message-Id", "Telemetry-Source-Time", "max-items-per-page",
        "x-ms-max-item-count", "x-ms-client-request-id", "traceparent", "tracestate", "Last-Event-ID",
    ];

    /// <summary>The response headers a cross-origin page may read beyond the CORS-safelisted ones.</summary>
    public static readonly IReadOnlyList<string> CorsResponseHeaders =
    [
        "ETag", "Location", "Retry-After", "x-ms-error-code", "query-charge", "x-correlation-id", "x-ms-request-id", "x-ms-client-request-id",
        "traceparent", "WWW-Authenticate",
    ];

    /// <summary>Reads <see cref="HardeningSettings"/> from configuration and registers CORS (when configured) and the rate limiter.</summary>
    /// <exception cref="InvalidOperationException">A hardening setting is malformed; the message names its key.</exception>
    public static WebApplicationBuilder AddTwinLabHardening(this WebApplicationBuilder builder, ServerSettings settings)
    {
        var hardening = HardeningSettings.From(builder.Configuration, settings.Dev);
        builder.Services.AddSingleton(hardening);
        if (hardening.CorsOrigins.Count > 0)
            builder.Services.AddCors(o => o.AddDefaultPolicy(policy => policy
                .WithOrigins([.. hardening.CorsOrigins])
                .WithMethods("GET", "PUT", "POST", "PATCH", "DELETE")
                .WithHeaders([.. CorsRequestHeaders])
                .WithExposedHeaders([.. CorsResponseHeaders])
                .SetPreflightMaxAge(TimeSpan.FromMinutes(10))));
        // No AllowCredentials: the API authenticates by bearer token, never by cookie, so a page needs no ambient credentials.
        builder.Services.AddTwinLabRateLimits(hardening.RateLimit);
        return builder;
    }

    /// <summary>The security headers: the first middleware, so every answer has them.</summary>
    public static WebApplication UseTwinLabSecurityHeaders(this WebApplication app)
    {
        app.UseMiddleware<SecurityHeaders>();
        return app;
    }

    /// <summary>CORS, when origins are configured: before authentication, so a preflight (which carries no token) is answered.</summary>
    public static WebApplication UseTwinLabCors(this WebApplication app)
    {
        if (app.Services.GetRequiredService<HardeningSettings>().CorsOrigins.Count > 0) app.UseCors();
        return app;
    }
}
