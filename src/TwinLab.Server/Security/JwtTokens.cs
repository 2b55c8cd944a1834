using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace TwinLab.Server.Security;

/// <summary>The HS256 JSON Web Tokens the server accepts: reading the signing key, minting tokens, and how they are validated.</summary>
/// <remarks>
/// One symmetric key signs and verifies, so whoever holds it can mint tokens: keep it like a password (a file readable by
/// the server's account, passed as <c>@PATH</c>, rather than on a command line).
/// </remarks>
public static class JwtTokens
{
    /// <summary>Smallest key accepted: HS256 needs a key at least as long as its 256-bit hash.</summary>
    public const int MinKeyBytes = 32;

    /// <summary>How far the clocks of the token's issuer and the server may disagree.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    /// <summary>Reads a key given as base64 (standard or URL-safe) or as <c>@PATH</c> of a file holding that base64 text.</summary>
    /// <exception cref="ArgumentException">The file is missing, the text is not base64, or the key is shorter than 256 bits.</exception>
    public static byte[] ReadKey(string spec)
    {
        var text = spec.Trim();
        if (text.StartsWith('@'))
        {
            var path = text[1..];
            if (!File.Exists(path)) throw new ArgumentException($"key file '{path}' not found");
            text = File.ReadAllText(path).Trim();
        }
        byte[] key;
        try
        {
            key = Convert.FromBase64String(PadBase64(text.Replace('-', '+').Replace('_', '/')));
        }
        catch (FormatException)
        {
            throw new ArgumentException("the key must be base64 (e.g. from 'openssl rand -base64 32') or @PATH of a file holding it");
        }
        if (key.Length < MinKeyBytes)
            throw new ArgumentException($"the key has {key.Length * 8} bits; HS256 needs at least {MinKeyBytes * 8} (32 random bytes, base64)");
        return key;
    }

    /// <summary>A new random 256-bit key, base64.</summary>
    public static string NewKey() => Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(MinKeyBytes));

    /// <summary>Mints a token for <paramref name="subject"/> (its <c>sub</c>), valid from <paramref name="notBefore"/>
    /// (default: now) until <paramref name="expires"/>.</summary>
    public static string Mint(byte[] key, string issuer, string audience, string subject, DateTimeOffset expires, DateTimeOffset? notBefore = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subject);
        var from = notBefore ?? DateTimeOffset.UtcNow;
        if (expires <= from) throw new ArgumentException("the token must expire after it becomes valid", nameof(expires));
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Subject = new ClaimsIdentity([new Claim(JwtRegisteredClaimNames.Sub, subject)]),
            IssuedAt = from.UtcDateTime,
            NotBefore = from.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key), SecurityAlgorithms.HmacSha256),
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    /// <summary>
    /// How the server checks a token: the HS256 signature with <paramref name="key"/>, the lifetime (with
    /// <see cref="ClockSkew"/>), <paramref name="issuer"/>, and <paramref name="audience"/> with or without a trailing slash.
    /// </summary>
    public static TokenValidationParameters ValidationParameters(byte[] key, string issuer, string audience) => new()
    {
        ValidateIssuerSigningKey = true,
        IssuerSigningKey = new SymmetricSecurityKey(key),
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        ValidateIssuer = true,
        ValidIssuer = issuer,
        ValidateAudience = true,
        ValidAudiences = AudienceVariants(audience),
        ValidateLifetime = true,
        RequireExpirationTime = true,
        RequireSignedTokens = true,
        ClockSkew = ClockSkew,
        NameClaimType = JwtRegisteredClaimNames.Sub,
        RoleClaimType = OidcAuthority.RoleClaim,
    };

    /// <summary>The audience as configured, with and without a trailing slash (Entra issues both forms of a resource URI).</summary>
    public static IReadOnlyList<string> AudienceVariants(string audience)
    {
        var bare = audience.TrimEnd('/');
        return bare.Length == 0 || bare == audience ? [audience, audience + "/"] : [bare, audience];
    }

    private static string PadBase64(string s) => (s.Length % 4) switch
    {
        2 => s + "==",
        3 => s + "=",
        _ => s,
    };
}
