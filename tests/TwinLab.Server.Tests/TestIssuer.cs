using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace TwinLab.Server.Tests;

/// <summary>
/// An OpenID Connect issuer on 127.0.0.1 for the tests: <c>/tenant/.well-known/openid-configuration</c> and the JWKS it
/// names, publishing the keys the test gives (and changes, for a rollover), and signing tokens with them.
/// </summary>
public sealed class TestIssuer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private volatile IReadOnlyList<SigningKey> _published;
    private int _jwksFetches;

    private TestIssuer(WebApplication app, IReadOnlyList<SigningKey> published)
    {
        _app = app;
        _published = published;
    }

    /// <summary>The issuer URL: the authority the server is given and the <c>iss</c> of its tokens.</summary>
    public string Authority { get; private set; } = "";

    /// <summary>How many times the JWKS was read.</summary>
    public int JwksFetches => Volatile.Read(ref _jwksFetches);

    /// <summary>Starts an issuer publishing <paramref name="keys"/>.</summary>
    public static async Task<TestIssuer> StartAsync(params SigningKey[] keys)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var issuer = new TestIssuer(app, keys);
        app.MapGet("/tenant/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = issuer.Authority,
            ["jwks_uri"] = issuer.Authority + "/discovery/keys",
            ["id_token_signing_alg_values_supported"] = new[] { "RS256", "ES256" },
            ["response_types_supported"] = new[] { "code" },
            ["subject_types_supported"] = new[] { "public" },
        }));
        app.MapGet("/tenant/discovery/keys", () =>
        {
            Interlocked.Increment(ref issuer._jwksFetches);
            return Results.Text(JsonSerializer.Serialize(new { keys = issuer._published.Select(k => k.PublicJwk()).ToArray() }), "application/json");
        });
        await app.StartAsync();
        issuer.Authority = app.Urls.Single() + "/tenant";
        return issuer;
    }

    /// <summary>Publishes <paramref name="keys"/> instead of the current ones (a key rollover).</summary>
    public void Publish(params SigningKey[] keys) => _published = keys;

    /// <summary>A token signed with <paramref name="key"/>: by default for <c>alice</c>, from this issuer, for ADT's audience,
    /// valid for an hour; <paramref name="claims"/> are added (e.g. <c>roles</c>, <c>groups</c>).</summary>
    public string Token(SigningKey key, string subject = "alice", string? issuer = null, string audience = ServerSettings.DefaultJwtAudience,
        TimeSpan? expiresIn = null, IDictionary<string, object>? claims = null)
    {
        var now = DateTimeOffset.UtcNow;
        var expires = now + (expiresIn ?? TimeSpan.FromHours(1));
        var from = expires < now ? expires - TimeSpan.FromHours(1) : now - TimeSpan.FromMinutes(1);
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer ?? Authority,
            Audience = audience,
            Subject = new ClaimsIdentity([new Claim("sub", subject)]),
            Claims = claims,
            IssuedAt = from.UtcDateTime,
            NotBefore = from.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = key.Credentials,
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>An issuer's signing key (RSA or P-256) with its key id.</summary>
public sealed class SigningKey
{
    private readonly AsymmetricAlgorithm _key;

    private SigningKey(string kid, AsymmetricAlgorithm key, SigningCredentials credentials)
    {
        Kid = kid;
        _key = key;
        Credentials = credentials;
    }

    /// <summary>The key id (<c>kid</c>) tokens name.</summary>
    public string Kid { get; }

    /// <summary>What tokens are signed with.</summary>
    public SigningCredentials Credentials { get; }

    /// <summary>A new 2048-bit RSA key signing RS256.</summary>
    public static SigningKey Rsa(string kid)
    {
        var rsa = RSA.Create(2048);
        return new SigningKey(kid, rsa, new SigningCredentials(new RsaSecurityKey(rsa) { KeyId = kid }, SecurityAlgorithms.RsaSha256));
    }

    /// <summary>A new P-256 key signing ES256.</summary>
    public static SigningKey EcP256(string kid)
    {
        var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return new SigningKey(kid, ec, new SigningCredentials(new ECDsaSecurityKey(ec) { KeyId = kid }, SecurityAlgorithms.EcdsaSha256));
    }

    /// <summary>The public half as a JWK (RFC 7517 §4, RFC 7518 §6.2–6.3): never the private parameters.</summary>
    public Dictionary<string, string> PublicJwk() => _key switch
    {
        RSA rsa when rsa.ExportParameters(false) is var p => new()
        {
            ["kty"] = "RSA", ["use"] = "sig", ["alg"] = "RS256", ["kid"] = Kid,
            ["n"] = Base64UrlEncoder.Encode(p.Modulus!), ["e"] = Base64UrlEncoder.Encode(p.Exponent!),
        },
        ECDsa ec when ec.ExportParameters(false) is var p => new()
        {
            ["kty"] = "EC", ["use"] = "sig", ["alg"] = "ES256", ["kid"] = Kid, ["crv"] = "P-256",
            ["x"] = Base64UrlEncoder.Encode(p.Q.X!), ["y"] = Base64UrlEncoder.Encode(p.Q.Y!),
        },
        _ => throw new NotSupportedException(_key.GetType().Name),
    };
}
