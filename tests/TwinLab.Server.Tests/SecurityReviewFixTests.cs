using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TwinLab.Core.Application;
using TwinLab.Core.History;
using TwinLab.Server.Events;
using TwinLab.Server.Jobs;
using TwinLab.Server.Security;
using static TwinLab.Server.Tests.Adt;

namespace TwinLab.Server.Tests;

/// <summary>Fixes from the security review: where the server listens, dev mode off loopback, credentials of long-lived
/// event streams, import submitters, the event source, and the import folder.</summary>
public sealed class SecurityReviewFixTests
{
    // ---- 1. --dev listens exactly where it was checked ---------------------------------------------------------------

    [Fact]
    public async Task RealKestrel_ConfiguredEndpointsAndPorts_AreIgnored_OnlyTheCheckedUrlsAreBound()
    {
        using var temp = new TempDb();
        var builder = WebApplication.CreateBuilder();
        // What an appsettings.json, ASPNETCORE_HTTP_PORTS or ASPNETCORE_URLS could carry: all off loopback.
        builder.Configuration["Kestrel:Endpoints:Everywhere:Url"] = "http://0.0.0.0:0";
        builder.Configuration["http_ports"] = "0";
        builder.Configuration["urls"] = "http://0.0.0.0:0";
        var settings = new ServerSettings(temp.Db, Dev: true, ["http://127.0.0.1:0"]);
        await using var app = TwinLabServer.Configure(builder, settings);
        await app.StartAsync();
        try
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.ToArray();
            var address = Assert.Single(addresses);
            Assert.StartsWith("http://127.0.0.1:", address);
            Assert.Null(TwinLabServer.ListeningRefusal(app));

            // A loopback client is served (the loopback-only middleware lets it through) ...
            using var client = new HttpClient();
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(address + Url("/models"))).StatusCode);
            // ... and the event source is the bound address, not anything a request says.
            Assert.Equal("localhost", app.Services.GetRequiredService<EventStreamOptions>().OriginOf(null).Source);
        }
        finally
        {
            await app.StopAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }
    }

    [Theory]
    [InlineData(true, "http://[::]:5000", "--dev")]
    [InlineData(true, "https://0.0.0.0:5443", "--dev")]
    [InlineData(false, "http://0.0.0.0:5000", "plain http://")]
    public void BoundAddressRefusal_OffLoopback_NamesTheAddress(bool dev, string bound, string mentions)
    {
        var settings = new ServerSettings("x.db", dev, ["https://127.0.0.1:5443"]);
        var refusal = settings.BoundAddressRefusal(["https://127.0.0.1:5443", bound]);
        Assert.NotNull(refusal);
        Assert.Contains(mentions, refusal);
        Assert.Contains(bound, refusal);
        Assert.Null(settings.BoundAddressRefusal(["https://127.0.0.1:5443", "http://localhost:5000", "http://[::1]:5001"]));
    }

    [Theory]
    [InlineData("10.0.0.5", "127.0.0.1", HttpStatusCode.Forbidden)]
    [InlineData("127.0.0.1", "192.168.1.20", HttpStatusCode.Forbidden)]
    [InlineData("::ffff:10.1.2.3", "::1", HttpStatusCode.Forbidden)]
    [InlineData("127.0.0.1", "127.0.0.1", HttpStatusCode.OK)]
    [InlineData("::ffff:127.0.0.1", "::1", HttpStatusCode.OK)]
    [InlineData(null, null, HttpStatusCode.OK)]
    public async Task LoopbackOnly_RefusesNonLoopbackConnections(string? remote, string? local, HttpStatusCode expected)
    {
        var called = false;
        var middleware = new LoopbackOnly(_ =>
        {
            called = true;
            return Task.CompletedTask;
        });
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = remote is null ? null : IPAddress.Parse(remote);
        context.Connection.LocalIpAddress = local is null ? null : IPAddress.Parse(local);
        context.Response.Body = new MemoryStream();
        await middleware.InvokeAsync(context);

        Assert.Equal(expected == HttpStatusCode.OK, called);
        if (expected == HttpStatusCode.OK) return;
        Assert.Equal(403, context.Response.StatusCode);
        Assert.Equal("Forbidden", context.Response.Headers["x-ms-error-code"].ToString());
        using var doc = JsonDocument.Parse(((MemoryStream)context.Response.Body).ToArray());
        Assert.Equal("Forbidden", doc.RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains("loopback", doc.RootElement.GetProperty("error").GetProperty("message").GetString());
    }

    // ---- 2. Event streams end when their credentials do --------------------------------------------------------------

    private static readonly Dictionary<string, string> FastCheck = new() { ["TwinLab:EventCredentialCheckSeconds"] = "0.2" };

    [Fact]
    public async Task EventStream_ApiKeyRevoked_EndsWithUnauthorizedError()
    {
        using var server = ServerFactory.WithAuth(settings: FastCheck);
        var keys = server.Services.GetRequiredService<ApiKeyStore>();
        var key = keys.Create("watcher");
        var client = server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key.Key);
        await using var stream = await SseStream.OpenAsync(client);

        // Still authorized: no error while the key is active (checked a few times over).
        await Task.Delay(600);
        keys.Revoke(key.Info.Id);
        var frame = await stream.NextAsync(seconds: 5);
        Assert.Equal("error", frame.Event);
        Assert.Equal("Unauthorized", frame.Json.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains("revoked", frame.Json.GetProperty("error").GetProperty("message").GetString());
        await Assert.ThrowsAsync<EndOfStreamException>(() => stream.NextAsync(comments: true, seconds: 5));
    }

    [Fact]
    public async Task EventStream_JwtExpires_EndsWithUnauthorizedError()
    {
        var secret = Convert.FromBase64String(JwtTokens.NewKey());
        using var server = ServerFactory.WithAuth(Convert.ToBase64String(secret)); // the expiry is checked on its own, not by interval
        var now = DateTimeOffset.UtcNow;
        var expires = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds() + 2);
        var token = JwtTokens.Mint(secret, ServerSettings.DefaultJwtIssuer, ServerSettings.DefaultJwtAudience, "short-lived", expires, now.AddMinutes(-1));
        var client = server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        await using var stream = await SseStream.OpenAsync(client);

        var frame = await stream.NextAsync(seconds: 8);
        Assert.True(DateTimeOffset.UtcNow >= expires);
        Assert.Equal("error", frame.Event);
        Assert.Equal("Unauthorized", frame.Json.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains("expired", frame.Json.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public void EventCredentialCheckSeconds_Invalid_IsRefused()
    {
        var config = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["TwinLab:EventCredentialCheckSeconds"] = "0" }).Build();
        Assert.Contains("EventCredentialCheckSeconds", Assert.Throws<InvalidOperationException>(() => EventStreamOptions.From(config)).Message);
    }

    // ---- 3. Import writes name who submitted the job -----------------------------------------------------------------

    [Fact]
    public async Task ImportJob_WritesAreRecordedAsTheSubmitter()
    {
        using var server = ServerFactory.WithAuth();
        var key = server.Services.GetRequiredService<ApiKeyStore>().Create("importer");
        var client = server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key.Key);
        var (text, _, _) = ImportFiles.BuildingFile(floors: 1, roomsPerFloor: 2);
        Assert.Equal(HttpStatusCode.Created, (await client.PutAsync(Url("/blobs/in.ndjson"), new StringContent(text, Encoding.UTF8, "application/x-ndjson"))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await client.PutAsync(Url("/jobs/imports/j1"),
            Json("""{"inputBlobUri":"in.ndjson","outputBlobUri":"out.ndjson"}"""))).StatusCode);

        var deadline = DateTime.UtcNow.AddSeconds(30);
        string? status;
        do
        {
            await Task.Delay(25);
            using var job = JsonDocument.Parse(await client.GetStringAsync(Url("/jobs/imports/j1")));
            status = job.RootElement.GetProperty("status").GetString();
            Assert.True(DateTime.UtcNow < deadline, $"job still {status}");
        }
        while (status is not ("succeeded" or "failed"));
        Assert.Equal("succeeded", status);

        var twins = server.Services.GetRequiredService<TwinService>();
        var actors = twins.History(new EventFilter()).Select(e => e.Actor).Distinct().ToArray();
        Assert.Equal(["api:key:importer (import:j1)"], actors);
        // Kept with the job, so a job resumed after a restart still names its submitter.
        Assert.Contains("api:key:importer", twins.Store.LoadDocument(ImportJobService.DocumentKind, "j1")!.Json);
    }

    // ---- 4. The event source is not the request's Host header ---------------------------------------------------------

    [Fact]
    public async Task EventSource_IgnoresTheHostHeader()
    {
        using var server = new ServerFactory();
        var client = await server.WithRoomModel();
        await using var stream = await SseStream.OpenAsync(client, "?type=twin");
        var put = new HttpRequestMessage(HttpMethod.Put, Url("/digitaltwins/spoof")) { Content = Json(Room(1)) };
        put.Headers.Host = "evil.example";
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(put)).StatusCode);
        var frame = await stream.NextAsync();
        Assert.Equal("localhost", frame.Json.GetProperty("source").GetString());
    }

    [Theory]
    [InlineData("https://twins.example.org:5443", "twins.example.org")]
    [InlineData("https://10.1.2.3:443", "10.1.2.3")]
    [InlineData("http://127.0.0.1:5000", "localhost")]
    [InlineData("http://[::]:5000", "localhost")]
    [InlineData("http://*:5000", "localhost")]
    public void EventSource_IsTheFirstBoundAddressHost(string bound, string source)
    {
        var server = new FakeServer(bound, "https://other.example.org");
        Assert.Equal(source, EventStreamOptions.BoundHost(server));
        Assert.Equal(source, (new EventStreamOptions(null, TimeSpan.FromSeconds(15)) { Server = server }).OriginOf(null).Source);
        Assert.Equal("configured", (new EventStreamOptions("configured", TimeSpan.FromSeconds(15)) { Server = server }).OriginOf(null).Source);
        Assert.Null(EventStreamOptions.BoundHost(new FakeServer()));
    }

    private sealed class FakeServer : IServer
    {
        public FakeServer(params string[] addresses)
        {
            var feature = new ServerAddressesFeature();
            foreach (var a in addresses) feature.Addresses.Add(a);
            Features.Set<IServerAddressesFeature>(feature);
        }

        public Microsoft.AspNetCore.Http.Features.IFeatureCollection Features { get; } = new Microsoft.AspNetCore.Http.Features.FeatureCollection();

        public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken) where TContext : notnull => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public void Dispose()
        {
        }
    }

    [Fact]
    public async Task EventSource_Configured_IsUsed()
    {
        using var factory = new ServerFactory();
        using var server = factory.WithWebHostBuilder(b => b.UseSetting("TwinLab:EventSource", "twins.example.org"));
        var client = await WithRoomModel(server);
        await using var stream = await SseStream.OpenAsync(client, "?type=twin");
        var put = new HttpRequestMessage(HttpMethod.Put, Url("/digitaltwins/t")) { Content = Json(Room(1)) };
        put.Headers.Host = "evil.example";
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(put)).StatusCode);
        Assert.Equal("twins.example.org", (await stream.NextAsync()).Json.GetProperty("source").GetString());
    }

    private static async Task<HttpClient> WithRoomModel(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<ServerSettings> server)
    {
        var client = server.CreateClient();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync(Url("/models"), Json($"[{RoomModel}]"))).StatusCode);
        return client;
    }

    // ---- 6. The import folder must not expose the database or certificates ------------------------------------------

    [Fact]
    public void ImportFolder_HoldingTheDatabase_RefusesToStart()
    {
        using var factory = new ServerFactory();
        using var server = factory.WithWebHostBuilder(b => b.UseSetting("TwinLab:ImportDirectory", factory.DataDirectory));
        var e = Assert.ThrowsAny<Exception>(() => server.CreateClient());
        var refused = e as InvalidOperationException ?? e.InnerException as InvalidOperationException;
        Assert.NotNull(refused);
        Assert.Contains("import folder", refused.Message);
        Assert.Contains("database", refused.Message);
    }

    [Fact]
    public void ImportFolderGuard_RefusesFoldersHoldingSecrets()
    {
        var root = Path.Combine(Path.GetTempPath(), "twinlab-guard");
        var db = Path.Combine(root, "data", "twinlab.db");
        var settings = new ServerSettings(db, false, [ServerSettings.DefaultUrl]);
        Assert.Null(ImportFolderGuard.RefusalReason(Path.Combine(root, "data", "imports"), settings));
        Assert.Null(ImportFolderGuard.RefusalReason(Path.Combine(root, "elsewhere"), settings));
        Assert.Contains("database", ImportFolderGuard.RefusalReason(Path.Combine(root, "data"), settings));
        Assert.Contains("database", ImportFolderGuard.RefusalReason(root, settings)); // a parent folder holds it too
        Assert.Contains("database", ImportFolderGuard.RefusalReason(Path.Combine(root, "data") + Path.DirectorySeparatorChar, settings));

        var withCert = settings with { CertificatePath = Path.Combine(root, "certs", "server.pfx"), JwtKey = "@" + Path.Combine(root, "keys", "jwt.key") };
        Assert.Contains("--cert", ImportFolderGuard.RefusalReason(Path.Combine(root, "certs"), withCert));
        Assert.Contains("JWT key", ImportFolderGuard.RefusalReason(Path.Combine(root, "keys"), withCert));
        Assert.Null(ImportFolderGuard.RefusalReason(Path.Combine(root, "certs-not"), withCert));
    }
}
