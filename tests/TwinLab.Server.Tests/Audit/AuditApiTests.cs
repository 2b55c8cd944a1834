using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using TwinLab.Core.Audit;
using TwinLab.Server.Security;
using static TwinLab.Server.Tests.Adt;

namespace TwinLab.Server.Tests.Audit;

/// <summary>The audit log through the server: what requests record (subject, address, action, resource, correlation id),
/// denied requests, the API's filters and paging, and verification.</summary>
public sealed class AuditApiTests
{
    private const string Remote = "203.0.113.7";
    private const int RemotePort = 4711;

    /// <summary>An authenticated server whose requests appear to come from <see cref="Remote"/> (an in-process host has no
    /// addresses of its own).</summary>
    private static (WebApplicationFactory<ServerSettings> Server, IDisposable Owner) AuthServer()
    {
        var own = ServerFactory.WithAuth();
        var server = own.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<IStartupFilter>(new FromRemote())));
        return (server, own);
    }

    private static HttpClient Client(WebApplicationFactory<ServerSettings> server, string? key)
    {
        var client = server.CreateClient();
        if (key is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    private static async Task<JsonObject> Get(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>The records answered for <paramref name="url"/> without the reads of the log itself, oldest first, once
    /// there are <paramref name="count"/> (a request's record is written just after its response is sent).</summary>
    private static async Task<List<JsonObject>> Records(HttpClient client, string url, int count)
    {
        var until = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var records = (await Get(client, url))["value"]!.AsArray().Select(n => n!.AsObject())
                .Where(r => (string)r["resource"]! != "audit").Reverse().ToList();
            if (records.Count >= count || DateTime.UtcNow > until) return records;
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task Requests_AreRecordedWithSubjectAddressActionResourceAndCorrelation()
    {
        var (server, owner) = AuthServer();
        using (owner)
        using (server)
        {
            var key = server.Services.GetRequiredService<ApiKeyStore>().Create("ci-bot").Key;
            var client = Client(server, key);
            var import = await client.PostAsync(Url("/models"), Json($"[{RoomModel}]"));
            Assert.Equal(HttpStatusCode.Created, import.StatusCode);
            var correlation = import.Headers.GetValues(RequestCorrelation.Header).Single();
            // A request's record is written once its response has gone, so a client's next request can overtake it in
            // the log: each one waits for the record before, to make the log's order the requests' order.
            await Records(client, Url("/audit?top=50"), 1);
            Assert.Equal(HttpStatusCode.OK, (await client.PutAsync(Url("/digitaltwins/room-1"), Json(Room(21)))).StatusCode);
            await Records(client, Url("/audit?top=50"), 2);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(Url("/digitaltwins/room-1"))).StatusCode);
            await Records(client, Url("/audit?top=50"), 3);
            Assert.Equal(HttpStatusCode.Unauthorized, (await Client(server, null).GetAsync(Url("/digitaltwins/room-1"))).StatusCode);
            await Records(client, Url("/audit?top=50"), 4);
            Assert.Equal(HttpStatusCode.Unauthorized, (await Client(server, "tlk_nope_nope").DeleteAsync(Url("/digitaltwins/room-1"))).StatusCode);
            // Public pages hold no data and are not recorded.
            Assert.Equal(HttpStatusCode.OK, (await Client(server, null).GetAsync("/openapi/v1.json")).StatusCode);

            var records = await Records(client, Url("/audit?top=50"), 5);
            Assert.Equal(["write", "write", "read", "denied", "denied"], records.Select(r => (string)r["action"]!));
            Assert.Equal(["models", "twin:room-1", "twin:room-1", "twin:room-1", "twin:room-1"], records.Select(r => (string)r["resource"]!));
            Assert.Equal(["201", "200", "200", "401", "401"], records.Select(r => (string)r["outcome"]!));
            Assert.All(records[..3], r =>
            {
                Assert.Equal("api:key:ci-bot", (string)r["actor"]!);
                Assert.Equal(AuditAuthKinds.ApiKey, (string)r["auth"]!);
            });
            Assert.All(records[3..], r =>
            {
                Assert.Equal("api", (string)r["actor"]!);
                Assert.Equal(AuditAuthKinds.Anonymous, (string)r["auth"]!);
            });
            Assert.All(records, r => Assert.Equal($"{Remote}:{RemotePort}", (string)r["address"]!));
            Assert.Equal(correlation, (string)records[0]["correlationId"]!);
            Assert.Equal($"DELETE /digitaltwins/room-1?{V}", (string)records[4]["detail"]!);
        }
    }

    [Fact]
    public async Task List_FiltersAndPagesByNextLink_AndVerifies()
    {
        var (server, owner) = AuthServer();
        using (owner)
        using (server)
        {
            var keys = server.Services.GetRequiredService<ApiKeyStore>();
            var alice = Client(server, keys.Create("alice").Key);
            var bob = Client(server, keys.Create("bob").Key);
            Assert.Equal(HttpStatusCode.Created, (await alice.PostAsync(Url("/models"), Json($"[{RoomModel}]"))).StatusCode);
            for (var i = 0; i < 7; i++)
            {
                Assert.Equal(HttpStatusCode.OK, (await alice.PutAsync(Url($"/digitaltwins/room-{i}"), Json(Room(20 + i)))).StatusCode);
                Assert.Equal(HttpStatusCode.OK, (await bob.GetAsync(Url($"/digitaltwins/room-{i}"))).StatusCode);
                // Bob's reads are compared by the time they were recorded (below): each is in the log before the next.
                await Records(alice, Url("/audit?actor=api:key:bob"), i + 1);
            }

            await Records(alice, Url("/audit?actor=api:key:alice&action=write"), 8);
            // Alice's writes, three a page, newest first, following nextLink to the end.
            var seen = new List<long>();
            string? next = Url("/audit?actor=api:key:alice&action=write&top=3");
            var pages = 0;
            while (next is not null)
            {
                var page = await Get(alice, next);
                var value = page["value"]!.AsArray();
                Assert.True(value.Count <= 3);
                Assert.All(value, r => Assert.Equal("api:key:alice", (string)r!["actor"]!));
                seen.AddRange(value.Select(r => (long)r!["sequence"]!));
                next = (string?)page["nextLink"];
                pages++;
            }
            Assert.Equal(8, seen.Count);
            Assert.Equal(3, pages);
            Assert.Equal(seen.OrderByDescending(s => s), seen);

            Assert.Equal(7, (await Records(alice, Url("/audit?actor=api:key:bob"), 7)).Count);
            var bobRoom3 = (await Get(alice, Url("/audit?resource=twin:room-3&actor=api:key:bob")))["value"]!.AsArray();
            Assert.Equal("read", (string)bobRoom3.Single()!["action"]!);
            var since = (string)bobRoom3.Single()!["time"]!;
            var later = (await Get(alice, Url($"/audit?since={Uri.EscapeDataString(since)}&actor=api:key:bob")))["value"]!.AsArray();
            Assert.Equal(["twin:room-6", "twin:room-5", "twin:room-4", "twin:room-3"], later.Select(r => (string)r!["resource"]!));

            var bad = await alice.GetAsync(Url("/audit?action=delete"));
            await AssertError(bad, HttpStatusCode.BadRequest, "InvalidArgument");

            var verify = await Get(alice, Url("/audit/verify"));
            Assert.True((bool)verify["intact"]!);
            Assert.True((long)verify["headSequence"]! >= 16);
            Assert.Equal(64, ((string)verify["headHash"]!).Length);
        }
    }

    [Fact]
    public async Task AuditApi_NeedsAuthentication_ButNotInDevMode()
    {
        var (server, owner) = AuthServer();
        using (owner)
        using (server)
            Assert.Equal(HttpStatusCode.Unauthorized, (await Client(server, null).GetAsync(Url("/audit"))).StatusCode);
        using var dev = new ServerFactory();
        var page = await Get(dev.CreateClient(), Url("/audit"));
        Assert.NotNull(page["value"]);
        var verify = await Get(dev.CreateClient(), Url("/audit/verify"));
        Assert.True((bool)verify["intact"]!);
    }

    [Fact]
    public async Task StoppingTheServer_WritesEverythingRecorded()
    {
        var (server, owner) = AuthServer();
        string db;
        using (owner)
        {
            db = Path.Combine(((ServerFactory)owner).DataDirectory, "twinlab.db");
            using (server)
            {
                var client = Client(server, server.Services.GetRequiredService<ApiKeyStore>().Create("burst").Key);
                await Task.WhenAll(Enumerable.Range(0, 200).Select(i => client.GetAsync(Url($"/digitaltwins/t-{i}"))));
            }
            using var store = TwinLab.Storage.Sqlite.SqliteAuditStore.Open(db);
            var check = AuditChain.Verify(store);
            Assert.True(check.Intact, check.Problem);
            Assert.Equal(200, store.Query(new AuditFilter(Actor: "api:key:burst", Limit: 1000)).Count);
        }
    }

    /// <summary>Makes every request come from <see cref="Remote"/>:<see cref="RemotePort"/>.</summary>
    private sealed class FromRemote : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, inner) =>
            {
                context.Connection.RemoteIpAddress = IPAddress.Parse(Remote);
                context.Connection.RemotePort = RemotePort;
                return inner(context);
            });
            next(app);
        };
    }
}
