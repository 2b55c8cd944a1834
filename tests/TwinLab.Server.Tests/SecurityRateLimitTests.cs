using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TwinLab.Server.Security;
using TwinLab.Server.Tests.Sync;
using static TwinLab.Server.Tests.Adt;

namespace TwinLab.Server.Tests;

/// <summary>Rate limits per identity: 429 <c>TooManyRequests</c> with <c>Retry-After</c>, one bucket per API key, JWT
/// subject or address, configured budgets, and off in <c>--dev</c>.</summary>
public sealed class SecurityRateLimitTests
{
    /// <summary>An authenticated server whose identities may make <paramref name="burst"/> requests at once, then
    /// <paramref name="perSecond"/> a second: by default one in 10 s, so a slow test machine cannot refill a bucket between
    /// the requests that empty it and the one that must be refused.</summary>
    private static ServerFactory Limited(int burst, Dictionary<string, string>? more = null, string perSecond = "0.1")
    {
        var settings = new Dictionary<string, string>(more ?? []) { ["TwinLab:RateLimit:PermitsPerSecond"] = perSecond, ["TwinLab:RateLimit:Burst"] = $"{burst}" };
        return ServerFactory.WithAuth(JwtTokens.NewKey(), settings);
    }

    private static HttpClient As(ServerFactory server, string? token)
    {
        var client = server.CreateClient();
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task<int> Retry429(HttpResponseMessage response)
    {
        await AssertError(response, HttpStatusCode.TooManyRequests, RequestRateLimits.TooManyRequests);
        return int.Parse(response.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task ASubjectOverItsBudget_Gets429WithRetryAfter_WhileAnotherIsUnaffected_AndLaterIsAllowedAgain()
    {
        using var server = Limited(burst: 3, perSecond: "0.25");
        var keys = server.Services.GetRequiredService<ApiKeyStore>();
        var busy = As(server, keys.Create("busy").Key);
        var calm = As(server, keys.Create("calm").Key);

        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await busy.GetAsync(Url("/models"))).StatusCode);
        var refused = await busy.GetAsync(Url("/models"));
        Assert.InRange(await Retry429(refused), 1, 4);
        Assert.Contains("'busy'", await refused.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, (await calm.GetAsync(Url("/models"))).StatusCode);

        // One token every 4 s: allowed again once it is added (polled, as the limiter refills on its own timer).
        var clock = Stopwatch.StartNew();
        HttpStatusCode status;
        do
        {
            await Task.Delay(250);
            status = (await busy.GetAsync(Url("/models"))).StatusCode;
        }
        while (status == HttpStatusCode.TooManyRequests && clock.Elapsed < TimeSpan.FromSeconds(15));
        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task JwtSubjects_HaveTheirOwnBuckets_AndAJwtIsNotAnApiKeyOfTheSameName()
    {
        var jwtKey = JwtTokens.NewKey();
        using var server = ServerFactory.WithAuth(jwtKey, new Dictionary<string, string> { ["TwinLab:RateLimit:PermitsPerSecond"] = "0.1", ["TwinLab:RateLimit:Burst"] = "2" });
        string Jwt(string subject) => JwtTokens.Mint(Convert.FromBase64String(jwtKey), ServerSettings.DefaultJwtIssuer, ServerSettings.DefaultJwtAudience, subject, DateTimeOffset.UtcNow.AddHours(1));
        var alice = As(server, Jwt("alice"));
        var aliceKey = As(server, server.Services.GetRequiredService<ApiKeyStore>().Create("alice").Key);
        for (var i = 0; i < 2; i++) Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync(Url("/models"))).StatusCode);
        Assert.Equal(10, await Retry429(await As(server, Jwt("alice")).GetAsync(Url("/models")))); // a new token of the same subject shares the bucket
        Assert.Equal(HttpStatusCode.OK, (await As(server, Jwt("bob")).GetAsync(Url("/models"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await aliceKey.GetAsync(Url("/models"))).StatusCode);
    }

    [Fact]
    public async Task Anonymous_AndRefusedTokens_ShareTheBucketOfTheirAddress()
    {
        using var server = Limited(burst: 3);
        Assert.Equal(HttpStatusCode.Unauthorized, (await As(server, null).GetAsync(Url("/models"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await As(server, "tlk_0000000000000000_guess1").GetAsync(Url("/models"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await As(server, "tlk_0000000000000000_guess2").GetAsync(Url("/models"))).StatusCode);
        var refused = await As(server, "tlk_0000000000000000_guess3").GetAsync(Url("/models"));
        await Retry429(refused);
        Assert.Contains("address", await refused.Content.ReadAsStringAsync());
        // A valid key is its own identity, not the address's.
        Assert.Equal(HttpStatusCode.OK, (await As(server, server.Services.GetRequiredService<ApiKeyStore>().Create("ok").Key).GetAsync(Url("/models"))).StatusCode);
    }

    [Fact]
    public async Task AConfiguredIdentity_GetsItsOwnBudget()
    {
        using var server = Limited(burst: 2, new() { ["TwinLab:RateLimit:Identities:ingest:Burst"] = "6" });
        var keys = server.Services.GetRequiredService<ApiKeyStore>();
        var ingest = As(server, keys.Create("ingest").Key);
        var other = As(server, keys.Create("dashboard").Key);
        for (var i = 0; i < 6; i++) Assert.Equal(HttpStatusCode.OK, (await ingest.GetAsync(Url("/models"))).StatusCode);
        await Retry429(await ingest.GetAsync(Url("/models")));
        for (var i = 0; i < 2; i++) Assert.Equal(HttpStatusCode.OK, (await other.GetAsync(Url("/models"))).StatusCode);
        await Retry429(await other.GetAsync(Url("/models")));
    }

    [Fact]
    public async Task ATelemetryBatch_IsOnePermit_HoweverManyLines()
    {
        using var server = Limited(burst: 3);
        var client = As(server, server.Services.GetRequiredService<ApiKeyStore>().Create("gateway").Key);
        var lines = Enumerable.Range(0, 500).Select(i => SyncTestSupport.Line($"sensor-{i % 7}", $"m{i}", $$"""{"temperature":{{i}}}""")).ToArray();
        var batch = await client.PostAsync(Url("/telemetry/batch"), SyncTestSupport.Ndjson(lines));
        Assert.NotEqual(HttpStatusCode.TooManyRequests, batch.StatusCode);
        Assert.Contains("\"lines\":500", await batch.Content.ReadAsStringAsync());
        for (var i = 0; i < 2; i++) Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(Url("/models"))).StatusCode);
        await Retry429(await client.GetAsync(Url("/models")));
    }

    [Fact]
    public async Task DevMode_IsNotLimitedUnlessAskedTo()
    {
        using var own = new ServerFactory();
        using var dev = own.WithWebHostBuilder(b => b.UseSetting("TwinLab:RateLimit:Burst", "2").UseSetting("TwinLab:RateLimit:PermitsPerSecond", "0.1"));
        var client = dev.CreateClient();
        for (var i = 0; i < 20; i++) Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(Url("/models"))).StatusCode);

        using var on = own.WithWebHostBuilder(b => b.UseSetting("TwinLab:RateLimit:Burst", "2").UseSetting("TwinLab:RateLimit:PermitsPerSecond", "0.1")
            .UseSetting("TwinLab:RateLimit:Enabled", "true"));
        var limited = on.CreateClient();
        for (var i = 0; i < 2; i++) Assert.Equal(HttpStatusCode.OK, (await limited.GetAsync(Url("/models"))).StatusCode);
        await Retry429(await limited.GetAsync(Url("/models")));
    }

    [Fact]
    public void Settings_Defaults_OnUnlessDev()
    {
        var empty = new ConfigurationBuilder().Build();
        var production = RateLimitSettings.From(empty, dev: false);
        Assert.True(production.Enabled);
        Assert.Equal(RateLimitSettings.DefaultPermitsPerSecond, production.PermitsPerSecond);
        Assert.Equal(RateLimitSettings.DefaultBurst, production.Burst);
        Assert.False(RateLimitSettings.From(empty, dev: true).Enabled);
    }

    [Theory]
    [InlineData("TwinLab:RateLimit:PermitsPerSecond", "0")]
    [InlineData("TwinLab:RateLimit:PermitsPerSecond", "fast")]
    [InlineData("TwinLab:RateLimit:Burst", "-1")]
    [InlineData("TwinLab:RateLimit:Enabled", "yes")]
    [InlineData("TwinLab:RateLimit:Identities:ingest:Burst", "0")]
    public void Settings_OutOfRange_AreRefusedNamingTheKey(string key, string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build();
        var e = Assert.Throws<InvalidOperationException>(() => RateLimitSettings.From(configuration, dev: false));
        Assert.StartsWith(key, e.Message);
        Assert.Contains($"'{value}'", e.Message);
    }

    [Fact]
    public void Settings_OutOfRange_StopTheServerStart()
    {
        using var own = ServerFactory.WithAuth(settings: new Dictionary<string, string> { ["TwinLab:RateLimit:Burst"] = "none" });
        var e = Assert.Throws<InvalidOperationException>(() => own.CreateClient());
        Assert.Contains("TwinLab:RateLimit:Burst", e.Message);
    }

    [Theory]
    [InlineData(100, 10, 100)]
    [InlineData(1, 1, 1000)]
    [InlineData(0.5, 1, 2000)]
    [InlineData(25, 3, 120)]
    public void Budget_RefillsInStepsOfAtLeast100Ms(double perSecond, int tokens, int periodMs)
    {
        var (perStep, period) = new RateLimitBudget(perSecond, 10).Refill();
        Assert.Equal(tokens, perStep);
        Assert.Equal(periodMs, period.TotalMilliseconds, 3);
    }
}
