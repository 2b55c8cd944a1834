using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace TwinLab.Server.Security;

/// <summary>
/// Authenticates <c>Authorization: Bearer tlk_ID_SECRET</c> against <see cref="ApiKeyStore"/>. Also the scheme that answers
/// for requests with no usable credentials (no header, another scheme, or a JWT when no JWT key is configured).
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    ApiKeyStore keys, ServerSettings settings)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The scheme's name.</summary>
    public const string SchemeName = "ApiKey";

    /// <summary>Claim carrying the key's id.</summary>
    public const string KeyIdClaim = "twinlab:apikey";

    private string? _failure;

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = Unauthorized.BearerToken(Request);
        if (token is null) return Task.FromResult(AuthenticateResult.NoResult());
        if (token.Length == 0)
            return Fail("Only 'Authorization: Bearer <token>' is accepted (a JWT or a TwinLab API key tlk_…).");
        if (!ApiKeyStore.LooksLikeKey(token))
            return Fail(settings.JwtKey is null && settings.JwtAuthority is null
                ? "The bearer token is not a TwinLab API key (tlk_…), and JWTs are not accepted: this server has no JWT key (--jwt-key, TwinLab:Jwt:Key) or issuer (--jwt-authority, TwinLab:Jwt:Authority)."
                : "The bearer token is not a TwinLab API key.");
        var check = keys.Check(token);
        if (check.Key is not { } key) return Fail(check.Failure!);
        var identity = new ClaimsIdentity(
            [new Claim("sub", key.Name), new Claim(KeyIdClaim, key.Id)], SchemeName, nameType: "sub", roleType: ClaimTypes.Role);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    private Task<AuthenticateResult> Fail(string why)
    {
        _failure = why;
        return Task.FromResult(AuthenticateResult.Fail(why));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        // The handler instance is per request; authenticate ran before the challenge (the authorization middleware does both).
        if (_failure is null && Unauthorized.BearerToken(Request) is not null) await HandleAuthenticateOnceAsync();
        await Unauthorized.WriteAsync(Response, _failure);
    }
}
