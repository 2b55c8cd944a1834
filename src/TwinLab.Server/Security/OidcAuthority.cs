using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace TwinLab.Server.Security;

/// <summary>
/// JWTs from an OpenID Connect issuer (<c>--jwt-authority</c>): JwtBearer reads the issuer's discovery document
/// (<c>AUTHORITY/.well-known/openid-configuration</c>, OpenID Connect Discovery 1.0 §4) and the JWKS it names, caches both,
/// and re-reads them when a token names a key id (<c>kid</c>) it does not know, so the issuer can roll its keys over.
/// </summary>
/// <remarks>
/// The static HS256 key (<c>--jwt-key</c>) may be configured as well: a token's <c>alg</c> picks the scheme (<c>HS*</c> the
/// static key, anything else the issuer), so a token is never checked against the other's keys. The issuer's keys are
/// asymmetric only: accepting HS256 there would let anyone holding the issuer's public key mint tokens.
/// </remarks>
public static class OidcAuthority
{
    /// <summary>The authentication scheme of the issuer's tokens.</summary>
    public const string SchemeName = "Oidc";

    /// <summary>The signature algorithms accepted from the issuer (RSA, RSA-PSS and ECDSA; RFC 7518 §3.1).</summary>
    public static readonly IReadOnlyList<string> Algorithms =
    [
        SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
        SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.RsaSsaPssSha384, SecurityAlgorithms.RsaSsaPssSha512,
        SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.EcdsaSha512,
    ];

    /// <summary>The least time between two re-reads of the keys prompted by an unknown <c>kid</c> (IdentityModel's default is
    /// 5 minutes): soon enough after a rollover, and a flood of tokens with made-up key ids costs the issuer at most two
    /// requests a minute.</summary>
    public static readonly TimeSpan KeyRefreshInterval = TimeSpan.FromSeconds(30);

    /// <summary>How long a request waits for the issuer's documents before its token is refused.</summary>
    public static readonly TimeSpan MetadataTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The claim holding the caller's roles (Entra ID app roles, Keycloak and others); kept on the principal with the
    /// <c>groups</c> claim for access policies.</summary>
    public const string RoleClaim = "roles";

    /// <summary>Why <paramref name="authority"/> cannot be used, or <c>null</c>: it must be an absolute https:// URL
    /// (http:// only on loopback, as the keys that vouch for every token travel from it).</summary>
    public static string? Refusal(string authority)
    {
        if (!Uri.TryCreate(authority, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            return $"'{authority}' is not an http:// or https:// URL";
        if (uri.Scheme == "http" && !ServerSettings.IsLoopback(uri))
            return $"'{authority}' must be https:// (plain http:// only on loopback): the issuer's signing keys are fetched from it";
        if (uri.Query.Length > 0 || uri.Fragment.Length > 0) return $"'{authority}' must not have a query or fragment";
        return null;
    }

    /// <summary>The most the issuer's discovery document or JWKS may be.</summary>
    public const int MaxMetadataBytes = 1024 * 1024;

    /// <summary>Where the discovery document of <paramref name="authority"/> is (OpenID Connect Discovery 1.0 §4).</summary>
    public static string MetadataAddress(string authority) => authority.TrimEnd('/') + "/.well-known/openid-configuration";

    /// <summary>Sets up JwtBearer for the issuer at <see cref="ServerSettings.JwtAuthority"/>.</summary>
    public static void Configure(JwtBearerOptions options, ServerSettings settings)
    {
        var authority = settings.JwtAuthority ?? throw new InvalidOperationException("no JWT authority is configured");
        var requireHttps = !ServerSettings.IsLoopback(new Uri(authority));
        options.Authority = authority;
        options.RequireHttpsMetadata = requireHttps;
        options.MapInboundClaims = false; // keep the issuer's claim names: sub, oid, groups, roles
        options.RefreshOnIssuerKeyNotFound = true;
        options.ConfigurationManager = new IssuerMetadata(MetadataAddress(authority),
            new HttpClient { Timeout = MetadataTimeout, MaxResponseContentBufferSize = MaxMetadataBytes }, requireHttps, TimeProvider.System);
        options.TokenValidationParameters = new TokenValidationParameters
        {
            ValidateIssuerSigningKey = true,
            ValidAlgorithms = Algorithms,
            ValidateIssuer = true, // against the discovery document's issuer
            ValidateAudience = true,
            ValidAudiences = JwtTokens.AudienceVariants(settings.JwtAudience),
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ClockSkew = JwtTokens.ClockSkew,
            NameClaimType = JwtRegisteredClaimNames.Sub,
            RoleClaimType = RoleClaim,
        };
    }

    /// <summary>The JWT scheme for <paramref name="token"/> when both kinds of JWT are accepted: the static key's for an HMAC
    /// (<c>HS*</c>) token, the issuer's for any other (or unreadable) one.</summary>
    public static string SchemeFor(string token)
    {
        try
        {
            return new JsonWebToken(token).Alg?.StartsWith("HS", StringComparison.Ordinal) == true ? JwtBearerDefaults.AuthenticationScheme : SchemeName;
        }
        catch (ArgumentException)
        {
            return JwtBearerDefaults.AuthenticationScheme;
        }
    }
}
