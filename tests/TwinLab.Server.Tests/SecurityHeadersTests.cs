using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TwinLab.Server.Security;
using static TwinLab.Server.Tests.Adt;

namespace TwinLab.Server.Tests;

/// <summary>The security headers on every answer (API, errors, dashboard, API reference), HSTS, and CORS on and off.</summary>
public sealed class SecurityHeadersTests(SecurityHeadersTests.DevServer fixture) : IClassFixture<SecurityHeadersTests.DevServer>
{
    private const string App = "https://app.example.com";

    /// <summary>One anonymous (--dev) server for the tests that need no other.</summary>
    public sealed class DevServer : IDisposable
    {
        public ServerFactory Server { get; } = new();

        public void Dispose() => Server.Dispose();
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values)
        : response.Content.Headers.TryGetValues(name, out var content) ? string.Join(",", content) : "";

    private static void AssertAlwaysPresent(HttpResponseMessage response)
    {
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
    }

    private static HttpClient Client(WebApplicationFactory<ServerSettings> server, string baseAddress) =>
        server.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri(baseAddress), AllowAutoRedirect = false });

    [Fact]
    public async Task ApiAnswer_HasTheHeaders_NoStore_AndAFrameDenyingPolicy()
    {
        var response = await fixture.Server.CreateClient().GetAsync(Url("/models"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertAlwaysPresent(response);
        Assert.Equal(SecurityHeaders.ApiContentSecurityPolicy, Header(response, "Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", Header(response, "Content-Security-Policy"));
        Assert.Equal("no-store", Header(response, "Cache-Control"));
        Assert.Equal("", Header(response, "Strict-Transport-Security")); // plain http
    }

    [Fact]
    public async Task ErrorAnswers_HaveTheHeadersToo()
    {
        var client = fixture.Server.CreateClient();
        foreach (var response in new[] { await client.GetAsync(Url("/no/such/route")), await client.GetAsync(Url("/digitaltwins/missing")), await client.GetAsync("/models") })
        {
            Assert.True((int)response.StatusCode >= 400);
            AssertAlwaysPresent(response);
            Assert.Equal("no-store", Header(response, "Cache-Control"));
        }
        using var auth = ServerFactory.WithAuth();
        var refused = await auth.CreateClient().GetAsync(Url("/models"));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        AssertAlwaysPresent(refused);
    }

    [Fact]
    public async Task Dashboard_KeepsItsOwnPolicyAndRevalidation_AndGetsTheRest()
    {
        var client = fixture.Server.CreateClient();
        var page = await client.GetAsync("/dashboard/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        AssertAlwaysPresent(page);
        Assert.Equal(TwinLab.Server.Dashboard.DashboardEndpoints.Policy, Header(page, "Content-Security-Policy"));
        Assert.Equal("no-cache", Header(page, "Cache-Control"));
        var etag = page.Headers.ETag!;

        using var again = new HttpRequestMessage(HttpMethod.Get, "/dashboard/");
        again.Headers.IfNoneMatch.Add(etag);
        var revalidated = await client.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
        Assert.Equal("no-cache", Header(revalidated, "Cache-Control"));
        AssertAlwaysPresent(revalidated);
    }

    [Fact]
    public async Task ApiReferencePage_KeepsItsOwnPolicy()
    {
        var page = await fixture.Server.CreateClient().GetAsync("/docs");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        AssertAlwaysPresent(page);
        Assert.NotEqual(SecurityHeaders.ApiContentSecurityPolicy, Header(page, "Content-Security-Policy"));
        Assert.Equal("no-cache", Header(page, "Cache-Control"));
    }

    [Theory]
    [InlineData("https://twins.example.com", true)]
    [InlineData("https://10.0.0.5", true)]
    [InlineData("https://localhost", false)]
    [InlineData("https://127.0.0.1", false)]
    [InlineData("https://[::1]", false)]
    [InlineData("http://twins.example.com", false)]
    public async Task Hsts_OnHttpsToANonLoopbackHostOnly(string baseAddress, bool expected)
    {
        var response = await Client(fixture.Server, baseAddress).GetAsync(Url("/models"));
        Assert.Equal(expected ? $"max-age={HardeningSettings.DefaultHstsMaxAgeSeconds}" : "", Header(response, "Strict-Transport-Security"));
    }

    [Theory]
    [InlineData("600", "max-age=600")]
    [InlineData("0", "")]
    public async Task Hsts_MaxAgeIsConfigurable_AndZeroTurnsItOff(string maxAge, string expected)
    {
        using var own = new ServerFactory();
        using var server = own.WithWebHostBuilder(b => b.UseSetting("TwinLab:Hsts:MaxAgeSeconds", maxAge));
        Assert.Equal(expected, Header(await Client(server, "https://twins.example.com").GetAsync(Url("/models")), "Strict-Transport-Security"));
    }

    [Fact]
    public async Task Cors_OffByDefault_NoAllowHeaders_AndPreflightNotAllowed()
    {
        var client = fixture.Server.CreateClient();
        using var preflight = Preflight(App, "PUT", "authorization,content-type");
        var answer = await client.SendAsync(preflight);
        Assert.False(answer.IsSuccessStatusCode);
        Assert.DoesNotContain(answer.Headers, h => h.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase));

        using var get = new HttpRequestMessage(HttpMethod.Get, Url("/models"));
        get.Headers.Add("Origin", App);
        var simple = await client.SendAsync(get);
        Assert.Equal(HttpStatusCode.OK, simple.StatusCode); // served (CORS is the browser's check), but no page may read it
        Assert.DoesNotContain(simple.Headers, h => h.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Cors_Configured_AllowsThoseOriginsOnly_WithTheAuthorizationHeader_EvenWithAuthRequired()
    {
        using var own = ServerFactory.WithAuth(settings: new Dictionary<string, string>
        {
            ["TwinLab:Cors:Origins:0"] = App,
            ["TwinLab:Cors:Origins:1"] = "http://localhost:5173",
        });
        var client = own.CreateClient();

        using var preflight = Preflight(App, "PUT", "authorization,content-type,if-match");
        var answer = await client.SendAsync(preflight); // a preflight carries no token, and must still be answered
        Assert.Equal(HttpStatusCode.NoContent, answer.StatusCode);
        Assert.Equal(App, Header(answer, "Access-Control-Allow-Origin"));
        Assert.Contains("authorization", Header(answer, "Access-Control-Allow-Headers"), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("PUT", Header(answer, "Access-Control-Allow-Methods"));
        Assert.Equal("", Header(answer, "Access-Control-Allow-Credentials"));

        using var other = Preflight("https://evil.example.com", "GET", "authorization");
        var refused = await client.SendAsync(other);
        Assert.Equal("", Header(refused, "Access-Control-Allow-Origin"));

        var key = own.Services.GetRequiredService<ApiKeyStore>().Create("spa").Key;
        using var get = new HttpRequestMessage(HttpMethod.Get, Url("/models"));
        get.Headers.Add("Origin", "http://localhost:5173");
        get.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        var read = await client.SendAsync(get);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("http://localhost:5173", Header(read, "Access-Control-Allow-Origin"));
        Assert.Contains("x-ms-error-code", Header(read, "Access-Control-Expose-Headers"), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("https://app.example.com/path")]
    [InlineData("*")]
    [InlineData("https://*.example.com")]
    [InlineData("app.example.com")]
    public void Cors_AnOriginThatIsNotOne_StopsTheStartNamingTheKey(string origin)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["TwinLab:Cors:Origins"] = origin }).Build();
        var e = Assert.Throws<InvalidOperationException>(() => HardeningSettings.From(configuration, dev: false));
        Assert.Contains("TwinLab:Cors:Origins", e.Message);
        Assert.Contains(origin, e.Message);
    }

    [Fact]
    public void Cors_OriginsMayBeOneSeparatedValue()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["TwinLab:Cors:Origins"] = "https://a.example.com; https://B.example.com:8443/",
        }).Build();
        Assert.Equal(["https://a.example.com", "https://b.example.com:8443"], HardeningSettings.From(configuration, dev: false).CorsOrigins);
    }

    private static HttpRequestMessage Preflight(string origin, string method, string headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, Url("/digitaltwins/room-1"));
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", method);
        request.Headers.Add("Access-Control-Request-Headers", headers);
        return request;
    }
}
