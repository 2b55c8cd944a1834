using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;
using TwinLab.Server.Security;
using static TwinLab.Server.Tests.Adt;

namespace TwinLab.Server.Tests;

/// <summary>JWTs from an OpenID Connect issuer (<c>--jwt-authority</c>), against a discovery document and JWKS served on loopback.</summary>
public sealed class SecurityOidcTests : IAsyncLifetime
{
    private readonly SigningKey _rsa = SigningKey.Rsa("rsa-1");
    private readonly SigningKey _ec = SigningKey.EcP256("ec-1");
    private TestIssuer _issuer = null!;
    private ServerFactory _own = null!;
    private WebApplicationFactory<ServerSettings> _server = null!;
    private readonly ConcurrentQueue<ClaimsPrincipal> _users = new();

    public async Task InitializeAsync()
    {
        _issuer = await TestIssuer.StartAsync(_rsa, _ec);
        (_own, _server) = Server(new Dictionary<string, string> { ["TwinLab:Jwt:Authority"] = _issuer.Authority });
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _own.DisposeAsync();
        await _issuer.DisposeAsync();
    }

    /// <summary>An authenticated server with <paramref name="settings"/>, recording each request's principal in <see cref="_users"/>.</summary>
    private (ServerFactory, WebApplicationFactory<ServerSettings>) Server(IReadOnlyDictionary<string, string> settings, string? jwtKey = null)
    {
        var own = ServerFactory.WithAuth(jwtKey, settings);
        return (own, own.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<IStartupFilter>(new UserProbe(_users)))));
    }

    private static Task<HttpResponseMessage> Get(WebApplicationFactory<ServerSettings> server, string token)
    {
        var client = server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client.GetAsync(Url("/models"));
    }

    private static async Task<string> Refused(HttpResponseMessage response)
    {
        await AssertError(response, HttpStatusCode.Unauthorized, "Unauthorized");
        Assert.Contains("error=\"invalid_token\"", response.Headers.WwwAuthenticate.Single().Parameter);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.GetProperty("error").GetProperty("message").GetString()!;
    }

    [Fact]
    public async Task Rs256Token_FromTheIssuer_IsAccepted_WithItsRolesAndGroupsOnThePrincipal()
    {
        var token = _issuer.Token(_rsa, claims: new Dictionary<string, object>
        {
            ["roles"] = new[] { "twins.reader", "twins.writer" },
            ["groups"] = new[] { "b7a1c0de-0000-4000-8000-000000000001" },
        });
        Assert.Equal(HttpStatusCode.OK, (await Get(_server, token)).StatusCode);
        var user = Assert.Single(_users);
        Assert.Equal("alice", user.Subject());
        Assert.True(user.IsInRole("twins.reader"));
        Assert.True(user.IsInRole("twins.writer"));
        Assert.Equal(["b7a1c0de-0000-4000-8000-000000000001"], user.FindAll("groups").Select(c => c.Value));
        Assert.Equal(_issuer.Authority, user.FindFirst("iss")?.Value);
    }

    [Fact]
    public async Task Es256Token_IsAccepted() =>
        Assert.Equal(HttpStatusCode.OK, (await Get(_server, _issuer.Token(_ec, subject: "svc-ingest"))).StatusCode);

    [Fact]
    public async Task MetadataAndKeys_AreReadOnce_AndCached()
    {
        for (var i = 0; i < 5; i++) Assert.Equal(HttpStatusCode.OK, (await Get(_server, _issuer.Token(_rsa, subject: $"user-{i}"))).StatusCode);
        Assert.Equal(1, _issuer.JwksFetches);
    }

    [Fact]
    public async Task WrongIssuer_Is401NamingIt()
    {
        var message = await Refused(await Get(_server, _issuer.Token(_rsa, issuer: "https://evil.example.com/")));
        Assert.Contains("issuer 'https://evil.example.com/' is not accepted", message);
        Assert.Contains(".well-known/openid-configuration", message);
    }

    [Fact]
    public async Task WrongAudience_Is401NamingIt() =>
        Assert.Contains("audience 'api://other' is not accepted", await Refused(await Get(_server, _issuer.Token(_rsa, audience: "api://other"))));

    [Fact]
    public async Task ExpiredToken_Is401() =>
        Assert.Contains("expired", await Refused(await Get(_server, _issuer.Token(_rsa, expiresIn: TimeSpan.FromMinutes(-5)))));

    [Fact]
    public async Task TamperedToken_Is401_BadSignature()
    {
        var parts = _issuer.Token(_rsa, subject: "alice").Split('.');
        var payload = Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(parts[1])).Replace("\"alice\"", "\"admin\"", StringComparison.Ordinal);
        var forged = $"{parts[0]}.{Base64UrlEncoder.Encode(payload)}.{parts[2]}";
        Assert.Contains("signature is not valid", await Refused(await Get(_server, forged)));
    }

    [Fact]
    public async Task UnknownKeyId_Is401NamingIt_AfterReReadingTheKeys()
    {
        var stranger = SigningKey.Rsa("not-published");
        var message = await Refused(await Get(_server, _issuer.Token(stranger)));
        Assert.Contains("signing key 'not-published' is not among the keys the issuer", message);
        Assert.Equal(2, _issuer.JwksFetches); // the first read, and the re-read the unknown kid prompted
    }

    [Fact]
    public async Task Hs256Token_SignedWithTheIssuersPublicKey_IsRefused()
    {
        // The classic algorithm confusion: HMAC keyed with the public key everyone can fetch.
        var publicKey = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(_rsa.PublicJwk()));
        var forged = JwtTokens.Mint(publicKey, _issuer.Authority, ServerSettings.DefaultJwtAudience, "admin", DateTimeOffset.UtcNow.AddHours(1));
        var message = await Refused(await Get(_server, forged));
        Assert.DoesNotContain("admin", _users.Select(u => u.Subject()));
        Assert.Matches("algorithm .HS256. is not accepted|signature is not valid|signing key", message);
    }

    [Fact]
    public async Task KeyRollover_ATokenWithTheNewKid_IsAcceptedAtOnce_AndTheRetiredKeyIsRefused()
    {
        Assert.Equal(HttpStatusCode.OK, (await Get(_server, _issuer.Token(_rsa))).StatusCode);
        var next = SigningKey.Rsa("rsa-2");
        _issuer.Publish(next, _ec);
        Assert.Equal(HttpStatusCode.OK, (await Get(_server, _issuer.Token(next, subject: "bob"))).StatusCode);
        Assert.Equal(2, _issuer.JwksFetches);
        Assert.Contains("signing key 'rsa-1'", await Refused(await Get(_server, _issuer.Token(_rsa))));
    }

    [Fact]
    public async Task StaticKeyAndIssuer_BothAccepted_EachOnlyWithItsOwnKeys()
    {
        var key = JwtTokens.NewKey();
        var (own, server) = Server(new Dictionary<string, string> { ["TwinLab:Jwt:Authority"] = _issuer.Authority }, key);
        await using (own)
        await using (server)
        {
            var hs256 = JwtTokens.Mint(Convert.FromBase64String(key), ServerSettings.DefaultJwtIssuer, ServerSettings.DefaultJwtAudience, "carol", DateTimeOffset.UtcNow.AddHours(1));
            Assert.Equal(HttpStatusCode.OK, (await Get(server, hs256)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await Get(server, _issuer.Token(_rsa, subject: "dave"))).StatusCode);
            // An HS256 token claiming the issuer's iss is checked against the static key's issuer, and refused.
            var claimsIssuer = JwtTokens.Mint(Convert.FromBase64String(key), _issuer.Authority, ServerSettings.DefaultJwtAudience, "eve", DateTimeOffset.UtcNow.AddHours(1));
            Assert.Contains("issuer", await Refused(await Get(server, claimsIssuer)));
            var apiKey = server.Services.GetRequiredService<ApiKeyStore>().Create("frank");
            Assert.Equal(HttpStatusCode.OK, (await Get(server, apiKey.Key)).StatusCode);
            Assert.Equal(["carol", "dave", "frank"], _users.Select(u => u.Subject()).OfType<string>().ToArray());
        }
    }

    [Fact]
    public async Task IssuerUnreachable_Is401SayingTheKeysCouldNotBeRead()
    {
        await using var gone = await TestIssuer.StartAsync(_rsa);
        var authority = gone.Authority;
        var token = gone.Token(_rsa);
        await gone.DisposeAsync();
        var (own, server) = Server(new Dictionary<string, string> { ["TwinLab:Jwt:Authority"] = authority });
        await using (own)
        await using (server)
            Assert.Contains("signing keys could not be read", await Refused(await Get(server, token)));
    }

    [Theory]
    [InlineData("http://login.example.com/tenant", "must be https://")]
    [InlineData("https://login.example.com/tenant?x=1", "query")]
    [InlineData("login.example.com", "not an http:// or https:// URL")]
    public void Authority_NotHttpsOffLoopback_OrMalformed_RefusesTheStart(string authority, string why)
    {
        var reason = new ServerSettings("x.db", false, [ServerSettings.DefaultUrl]) { JwtAuthority = authority }.RefusalReason();
        Assert.StartsWith("JWT authority (--jwt-authority, TwinLab:Jwt:Authority)", reason);
        Assert.Contains(why, reason);
    }

    [Theory]
    [InlineData("https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0")]
    [InlineData("http://127.0.0.1:8080/realms/twins")]
    [InlineData("http://localhost:8080/realms/twins")]
    public void Authority_HttpsOrLoopback_IsAllowed(string authority) =>
        Assert.Null(new ServerSettings("x.db", false, [ServerSettings.DefaultUrl]) { JwtAuthority = authority }.RefusalReason());

    /// <summary>Records the principal of every request that reached the end of the pipeline authenticated.</summary>
    private sealed class UserProbe(ConcurrentQueue<ClaimsPrincipal> users) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, inner) =>
            {
                await inner(context);
                if (context.User.Identity?.IsAuthenticated == true) users.Enqueue(context.User);
            });
            next(app);
        };
    }
}
