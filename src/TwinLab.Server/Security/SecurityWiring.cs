using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using TwinLab.Core.Application;
using TwinLab.Core.Security;
using TwinLab.Server.Security;

namespace TwinLab.Server;

/// <summary>HTTPS, authentication and request logging.</summary>
/// <remarks>
/// One bearer scheme fronts the handlers: <c>Authorization: Bearer tlk_…</c> goes to the API-key handler, any other bearer
/// token to JwtBearer (HS256 with the configured key, or the OpenID Connect issuer's keys: see <see cref="OidcAuthority"/>). Without <c>--dev</c> a fallback policy requires an authenticated
/// user on every endpoint except the API description (<c>/openapi/…</c> and the reference page at <c>/docs</c>), so an
/// endpoint added later is protected without having to remember to. With <c>--dev</c> requests may be anonymous; a valid
/// token still names the actor.
/// </remarks>
public static class SecurityWiring
{
    /// <summary>The scheme every request is authenticated with; it picks the API-key or the JWT handler per request.</summary>
    public const string Scheme = "TwinLab";

    /// <summary>Paths served without authentication: the API description and its reference page.</summary>
    public static readonly IReadOnlyList<PathString> PublicPaths = ["/openapi", "/docs"];

    /// <summary>Registers the certificate, authentication, the authorization policy and the request log.</summary>
    public static WebApplicationBuilder AddTwinLabSecurity(this WebApplicationBuilder builder, ServerSettings settings)
    {
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new ApiKeyStore(sp.GetRequiredService<TwinService>().Store, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new PolicyStore(sp.GetRequiredService<TwinService>().Store, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<AccessControl>();
        services.AddSingleton<EventAccess>();

        var certificate = new ServerCertificate(settings);
        if (!certificate.IsDevelopment) _ = certificate.Certificate; // a configured certificate that cannot be read stops the start
        services.AddSingleton(certificate);
        // Applies to https:// addresses from --urls; an endpoint given its own certificate (ListenOptions.UseHttps(cert)) keeps it.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https =>
        {
            https.ServerCertificate ??= certificate.Certificate;
            https.SslProtocols = HardeningWiring.TlsProtocols;
        }));

        var jwtKey = settings.JwtKey is { } spec ? JwtTokens.ReadKey(spec) : null;
        var auth = services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, "API key or JWT", o => o.ForwardDefaultSelector = context =>
                Unauthorized.BearerToken(context.Request) is { Length: > 0 } token && !ApiKeyStore.LooksLikeKey(token)
                    ? JwtScheme(token, jwtKey is not null, settings.JwtAuthority is not null) ?? ApiKeyAuthenticationHandler.SchemeName
                    : ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        if (jwtKey is not null)
            auth.AddJwtBearer(o =>
            {
                o.MapInboundClaims = false;
                o.RequireHttpsMetadata = false; // no metadata is fetched: the key is configured
                o.TokenValidationParameters = JwtTokens.ValidationParameters(jwtKey, settings.JwtIssuer, settings.JwtAudience);
                o.Events = JwtEvents(settings, oidc: false);
            });
        if (settings.JwtAuthority is not null)
            auth.AddJwtBearer(OidcAuthority.SchemeName, o =>
            {
                OidcAuthority.Configure(o, settings);
                o.Events = JwtEvents(settings, oidc: true);
            });

        services.AddAuthorization(o =>
        {
            if (!settings.Dev)
                o.FallbackPolicy = new AuthorizationPolicyBuilder(Scheme)
                    .RequireAssertion(c => c.User.Identity?.IsAuthenticated == true || (c.Resource is HttpContext h && IsPublic(h.Request.Path)))
                    .Build();
        });
        return builder;
    }

    /// <summary>Adds the request log and correlation ids, then authentication and authorization, to the pipeline.</summary>
    public static WebApplication UseTwinLabSecurity(this WebApplication app)
    {
        app.UseMiddleware<RequestCorrelation>();
        app.UseAuthentication();
        app.UseTwinLabRateLimits(); // after authentication: the limit is per identity
        app.UseAuthorization();
        return app;
    }

    /// <summary>Whether <paramref name="path"/> is served without authentication.</summary>
    public static bool IsPublic(PathString path) => PublicPaths.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase));

    /// <summary>The JWT scheme a bearer token that is not an API key goes to, or <c>null</c> when no JWTs are accepted.</summary>
    private static string? JwtScheme(string token, bool staticKey, bool authority) => (staticKey, authority) switch
    {
        (true, true) => OidcAuthority.SchemeFor(token),
        (true, false) => JwtBearerDefaults.AuthenticationScheme,
        (false, true) => OidcAuthority.SchemeName,
        _ => null,
    };

    /// <summary>A token without a subject is refused; a refused token is a 401 that says why.</summary>
    private static JwtBearerEvents JwtEvents(ServerSettings settings, bool oidc) => new()
    {
        OnTokenValidated = context =>
        {
            if (context.Principal?.Subject() is null) context.Fail("The access token has neither a 'sub' nor an 'oid' claim.");
            return Task.CompletedTask;
        },
        OnChallenge = async context =>
        {
            context.HandleResponse();
            var token = Unauthorized.BearerToken(context.Request);
            await Unauthorized.WriteAsync(context.Response, context.AuthenticateFailure is { } e
                ? (oidc ? OidcFailure(e, settings, token, context.Options.ConfigurationManager as IssuerMetadata) : null) ?? JwtFailure(e, settings, token)
                : null);
        },
    };

    /// <summary>The reasons that differ for the issuer's tokens, or <c>null</c> for those worded as for the static key.</summary>
    private static string? OidcFailure(Exception e, ServerSettings settings, string? token, IssuerMetadata? metadata) => e switch
    {
        _ when metadata?.Unavailable is { } why => $"The issuer's signing keys could not be read ({why.Message}); try again later.",
        SecurityTokenSignatureKeyNotFoundException => $"The access token's signing key '{Claim(token, t => t.Kid)}' is not among the keys the issuer '{settings.JwtAuthority}' publishes.",
        SecurityTokenInvalidIssuerException => $"The access token's issuer '{Claim(token, t => t.Issuer)}' is not accepted; it must be the issuer named by {settings.JwtAuthority?.TrimEnd('/')}/.well-known/openid-configuration.",
        SecurityTokenInvalidAlgorithmException x => $"The access token's algorithm '{x.InvalidAlgorithm}' is not accepted; it must be one of {string.Join(", ", OidcAuthority.Algorithms)}.",
        _ => null,
    };

    private static string JwtFailure(Exception e, ServerSettings settings, string? token) => e switch
    {
        SecurityTokenExpiredException x => $"The access token expired at {new DateTimeOffset(x.Expires, TimeSpan.Zero):O}.",
        SecurityTokenNotYetValidException x => $"The access token is not valid before {new DateTimeOffset(x.NotBefore, TimeSpan.Zero):O}.",
        SecurityTokenNoExpirationException => "The access token has no expiry ('exp').",
        SecurityTokenInvalidSignatureException or SecurityTokenSignatureKeyNotFoundException => "The access token's signature is not valid.",
        SecurityTokenInvalidAudienceException => $"The access token's audience '{Claim(token, t => string.Join("', '", t.Audiences))}' is not accepted; it must be '{settings.JwtAudience}'.",
        SecurityTokenInvalidIssuerException => $"The access token's issuer '{Claim(token, t => t.Issuer)}' is not accepted; it must be '{settings.JwtIssuer}'.",
        SecurityTokenInvalidAlgorithmException x => $"The access token's algorithm '{x.InvalidAlgorithm}' is not accepted; it must be HS256.",
        SecurityTokenMalformedException or ArgumentException or JsonException => "The access token is not a well-formed JWT.",
        AuthenticationFailureException => e.Message,
        _ when e.GetType() == typeof(Exception) => e.Message,
        _ => "The access token is not valid.",
    };

    /// <summary>A value read from the (already refused) token for the message; its signature does not matter here.</summary>
    private static string Claim(string? token, Func<JsonWebToken, string> read)
    {
        try
        {
            return token is null ? "" : read(new JsonWebToken(token));
        }
        catch (ArgumentException)
        {
            return "";
        }
    }
}
