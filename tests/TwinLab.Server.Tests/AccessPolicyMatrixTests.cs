using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TwinLab.Core.Security;
using TwinLab.Server.Security;
using static TwinLab.Server.Tests.Adt;

namespace TwinLab.Server.Tests;

/// <summary>
/// One authenticated server (not --dev, no blanket grant) with four twins and five callers, each allowed something
/// different; every test checks one operation for every caller against the same table of who may read what.
/// </summary>
/// <remarks>
/// Twins: <c>room-a</c>, <c>room-b</c>, <c>secret-1</c> (Room) and <c>lab-1</c> (Lab extends Room); relationships
/// <c>r1</c> room-a→room-b, <c>r2</c> room-a→secret-1, <c>r3</c> lab-1→room-a. Callers:
/// <list type="bullet">
/// <item><c>admin</c> (API key): ADMIN on <c>*</c>.</item>
/// <item><c>reader</c> (API key): READ on <c>*</c>, READ revoked on <c>twin:secret-1</c> (narrower revoke wins).</item>
/// <item><c>rooms</c> (API key): READ, WRITE on <c>twins:room-*</c> and on <c>branch:main</c>.</item>
/// <item><c>lab-tech</c> (JWT): READ on <c>model:Lab</c> (not its base Room); READ, EXECUTE on <c>branch:main</c>.</item>
/// <item><c>nobody</c> (API key): no grant at all.</item>
/// </list>
/// </remarks>
public sealed class AccessPolicyMatrixTests(AccessPolicyMatrixTests.Setup setup) : IClassFixture<AccessPolicyMatrixTests.Setup>
{
    public const string LabModel = """{"@id":"dtmi:test:Lab;1","@type":"Interface","@context":"dtmi:dtdl:context;3","extends":"dtmi:test:Room;1"}""";
    public static readonly string[] Callers = ["admin", "reader", "rooms", "lab-tech", "nobody"];
    public static readonly string[] Twins = ["lab-1", "room-a", "room-b", "secret-1"];

    /// <summary>Who may read which twin: the table every test's expectation derives from.</summary>
    public static readonly Dictionary<string, string[]> Readable = new()
    {
        ["admin"] = ["lab-1", "room-a", "room-b", "secret-1"],
        ["reader"] = ["lab-1", "room-a", "room-b"],
        ["rooms"] = ["room-a", "room-b"],
        ["lab-tech"] = ["lab-1"],
        ["nobody"] = [],
    };

    public sealed class Setup : IAsyncLifetime
    {
        public static readonly byte[] JwtKey = Convert.FromBase64String(Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray()));
        public ServerFactory Factory { get; } = ServerFactory.WithAuth(Convert.ToBase64String(JwtKey), everyoneAdmin: false);
        public Dictionary<string, HttpClient> Clients { get; } = [];

        public async Task InitializeAsync()
        {
            var keys = Factory.Services.GetRequiredService<ApiKeyStore>();
            foreach (var name in new[] { "admin", "reader", "rooms", "nobody" })
                Clients[name] = Client(keys.Create(name).Key);
            Clients["lab-tech"] = Client(JwtTokens.Mint(JwtKey, ServerSettings.DefaultJwtIssuer, ServerSettings.DefaultJwtAudience, "lab-tech", DateTimeOffset.UtcNow.AddHours(1)));
            var policies = Factory.Services.GetRequiredService<PolicyStore>();
            policies.Add("admins", "key:admin", Permissions.Admin, PolicyResource.Everything, revoke: false);
            policies.Add("readers", "key:reader", Permissions.Read, PolicyResource.Everything, revoke: false);
            policies.Add("readers", "key:reader", Permissions.Read, PolicyResource.Parse("twin:secret-1", "test"), revoke: true);
            policies.Add("rooms", "key:rooms", Permissions.Read | Permissions.Write, PolicyResource.Parse("twins:room-*", "test"), revoke: false);
            policies.Add("rooms", "key:rooms", Permissions.Read | Permissions.Write, PolicyResource.Parse("branch:main", "test"), revoke: false);
            policies.Add("lab", "jwt:lab-tech", Permissions.Read, PolicyResource.Parse("model:dtmi:test:Lab;1", "test"), revoke: false);
            policies.Add("lab", "jwt:lab-tech", Permissions.Read | Permissions.Execute, PolicyResource.Parse("branch:main", "test"), revoke: false);

            var admin = Clients["admin"];
            await admin.PostAsync(Url("/models"), Json($"[{RoomModel}, {LabModel}]")).Ok();
            foreach (var id in new[] { "room-a", "room-b", "secret-1" }) await admin.PutAsync(Url($"/digitaltwins/{id}"), Json(Room(20))).Ok();
            await admin.PutAsync(Url("/digitaltwins/lab-1"), Json("""{"$metadata":{"$model":"dtmi:test:Lab;1"},"temperature":18}""")).Ok();
            await Relate(admin, "room-a", "r1", "room-b");
            await Relate(admin, "room-a", "r2", "secret-1");
            await Relate(admin, "lab-1", "r3", "room-a");
        }

        private HttpClient Client(string token)
        {
            var c = Factory.CreateClient();
            c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return c;
        }

        public Task DisposeAsync()
        {
            foreach (var c in Clients.Values) c.Dispose();
            Factory.Dispose();
            return Task.CompletedTask;
        }
    }

    internal static Task Relate(HttpClient client, string source, string id, string target) =>
        client.PutAsync(Url($"/digitaltwins/{source}/relationships/{id}"), Json($$"""{"$targetId":"{{target}}","$relationshipName":"adjacent"}""")).Ok();

    private HttpClient C(string caller) => setup.Clients[caller];

    private static async Task<JsonElement> Body(HttpResponseMessage r)
    {
        var text = await r.Content.ReadAsStringAsync();
        Assert.True(r.IsSuccessStatusCode, $"{(int)r.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    [Fact]
    public async Task RestReadTwin_IsOkOrTheSame404AsAMissingTwin()
    {
        foreach (var caller in Callers)
            foreach (var id in Twins.Append("never-existed"))
            {
                var r = await C(caller).GetAsync(Url($"/digitaltwins/{id}"));
                if (Readable[caller].Contains(id)) Assert.True(r.StatusCode == HttpStatusCode.OK, $"{caller} GET {id}: {r.StatusCode}");
                else
                {
                    await AssertError(r, HttpStatusCode.NotFound, "DigitalTwinNotFound");
                    // Word for word the answer for a twin that never existed: nothing tells the two apart.
                    Assert.Equal($$$"""{"error":{"code":"DigitalTwinNotFound","message":"Twin '{{{id}}}' not found."}}""", await r.Content.ReadAsStringAsync());
                }
            }
    }

    [Fact]
    public async Task RestWriteTwin_NeedsWrite_403OnlyWhenReadable()
    {
        // Who may write: admin everything, rooms its two rooms; the others only read.
        var writable = new Dictionary<string, string[]> { ["admin"] = Twins, ["rooms"] = ["room-a", "room-b"] };
        foreach (var caller in Callers)
            foreach (var id in Twins)
            {
                var r = await C(caller).PatchAsync(Url($"/digitaltwins/{id}"), Patch("""[{"op":"replace","path":"/temperature","value":21}]"""));
                if (writable.GetValueOrDefault(caller, []).Contains(id)) Assert.True(r.StatusCode == HttpStatusCode.NoContent, $"{caller} PATCH {id}: {r.StatusCode}");
                else if (Readable[caller].Contains(id)) await AssertError(r, HttpStatusCode.Forbidden, AccessDenied.Forbidden);
                else await AssertError(r, HttpStatusCode.NotFound, "DigitalTwinNotFound");
            }
    }

    [Fact]
    public async Task Relationships_ListOnlyThoseWithBothEndsReadable()
    {
        var outgoing = new Dictionary<string, string[]> { ["admin"] = ["r1", "r2"], ["reader"] = ["r1"], ["rooms"] = ["r1"] };
        var incoming = new Dictionary<string, string[]> { ["admin"] = ["r3"], ["reader"] = ["r3"], ["rooms"] = [] };
        foreach (var caller in Callers)
        {
            var r = await C(caller).GetAsync(Url("/digitaltwins/room-a/relationships"));
            var i = await C(caller).GetAsync(Url("/digitaltwins/room-a/incomingrelationships"));
            if (!outgoing.TryGetValue(caller, out var expected))
            {
                await AssertError(r, HttpStatusCode.NotFound, "DigitalTwinNotFound");
                await AssertError(i, HttpStatusCode.NotFound, "DigitalTwinNotFound");
                continue;
            }
            Assert.Equal(expected, (await Body(r)).GetProperty("value").EnumerateArray().Select(x => x.GetProperty("$relationshipId").GetString()).Order());
            Assert.Equal(incoming[caller], (await Body(i)).GetProperty("value").EnumerateArray().Select(x => x.GetProperty("$relationshipId").GetString()).Order());
        }
        // A hidden target is as absent as a missing relationship, for reading and for writing.
        await AssertError(await C("reader").GetAsync(Url("/digitaltwins/room-a/relationships/r2")), HttpStatusCode.NotFound, "RelationshipNotFound");
        await AssertError(await C("rooms").PutAsync(Url("/digitaltwins/room-b/relationships/x"), Json("""{"$targetId":"lab-1","$relationshipName":"adjacent"}""")),
            HttpStatusCode.NotFound, "TargetTwinNotFound");
        await AssertError(await C("rooms").DeleteAsync(Url("/digitaltwins/room-a/relationships/r2")), HttpStatusCode.NotFound, "RelationshipNotFound");
    }

    [Fact]
    public async Task Models_ListAndGetFollowModelGrantsIncludingDerived()
    {
        var expected = new Dictionary<string, string[]>
        {
            ["admin"] = ["dtmi:test:Lab;1", "dtmi:test:Room;1"], ["reader"] = ["dtmi:test:Lab;1", "dtmi:test:Room;1"], ["rooms"] = [], ["lab-tech"] = ["dtmi:test:Lab;1"],
        };
        foreach (var caller in Callers)
        {
            var r = await C(caller).GetAsync(Url("/models"));
            if (!expected.TryGetValue(caller, out var models))
            {
                await AssertError(r, HttpStatusCode.Forbidden, AccessDenied.Forbidden); // no READ on branch main
                continue;
            }
            Assert.Equal(models, (await Body(r)).GetProperty("value").EnumerateArray().Select(x => x.GetProperty("id").GetString()).Order());
        }
        await AssertError(await C("lab-tech").GetAsync(Url("/models/dtmi:test:Room;1")), HttpStatusCode.NotFound, "ModelNotFound");
        await AssertError(await C("reader").DeleteAsync(Url("/models/dtmi:test:Lab;1")), HttpStatusCode.Forbidden, AccessDenied.Forbidden);
    }

    [Theory]
    [InlineData("SELECT COUNT() FROM DIGITALTWINS", "count")]
    [InlineData("SELECT COUNT() FROM DIGITALTWINS WHERE IS_OF_MODEL('dtmi:test:Room;1')", "count")]
    [InlineData("SELECT COUNT() FROM DIGITALTWINS WHERE $dtId = 'secret-1' OR $dtId = 'lab-1'", "count")]
    [InlineData("SELECT CT FROM DIGITALTWINS T JOIN CT RELATED T.adjacent WHERE T.$dtId = 'room-a'", "join")]
    [InlineData("SELECT T FROM DIGITALTWINS T JOIN CT RELATED T.adjacent WHERE CT.$dtId = 'secret-1'", "join")]
    public async Task Query_SeesOnlyReadableTwins_CountJoinAndWhereLeakNothing(string query, string kind)
    {
        foreach (var caller in Callers)
        {
            var r = await C(caller).PostAsync(Url("/query"), Json(JsonSerializer.Serialize(new { query })));
            if (caller == "nobody")
            {
                await AssertError(r, HttpStatusCode.Forbidden, AccessDenied.Forbidden);
                continue;
            }
            var items = (await Body(r)).GetProperty("value").EnumerateArray().ToList();
            var visible = Readable[caller];
            var expected = (kind, query) switch
            {
                ("count", var q) when q.Contains("secret-1") => visible.Count(t => t is "secret-1" or "lab-1"),
                ("count", _) => visible.Length,
                (_, var q) when q.Contains("T.$dtId = 'room-a'") => new[] { "room-b", "secret-1" }.Count(t => visible.Contains(t) && visible.Contains("room-a")),
                _ => visible.Contains("secret-1") && visible.Contains("room-a") ? 1 : 0,
            };
            var got = kind == "count" ? items.Single().GetProperty("COUNT").GetInt32() : items.Count;
            Assert.True(expected == got, $"{caller}: {query} gave {got}, expected {expected}");
        }
    }

    [Fact]
    public async Task Sse_DeliversOnlyEventsAboutReadableTwinsAndRelationships()
    {
        var streams = new Dictionary<string, SseStream>();
        foreach (var caller in Callers) streams[caller] = await SseStream.OpenAsync(C(caller), "?type=twin,relationship");
        try
        {
            foreach (var id in Twins) await C("admin").PatchAsync(Url($"/digitaltwins/{id}"), Patch("""[{"op":"replace","path":"/temperature","value":30}]""")).Ok();
            await Relate(C("admin"), "room-b", "to-secret", "secret-1");
            await Relate(C("admin"), "room-b", "to-a", "room-a");
            var received = await Task.WhenAll(Callers.Select(c => Drain(streams[c])));
            for (var i = 0; i < Callers.Length; i++)
            {
                var visible = Readable[Callers[i]];
                var expected = Twins.Where(visible.Contains).ToList();
                if (visible.Contains("room-b") && visible.Contains("secret-1")) expected.Add("room-b/relationships/to-secret");
                if (visible.Contains("room-b") && visible.Contains("room-a")) expected.Add("room-b/relationships/to-a");
                Assert.Equal(expected, received[i]);
            }
        }
        finally
        {
            foreach (var s in streams.Values) await s.DisposeAsync();
        }
    }

    /// <summary>The subjects of the events a stream receives until it has been quiet for two seconds.</summary>
    private static async Task<List<string>> Drain(SseStream stream)
    {
        var subjects = new List<string>();
        while (true)
        {
            try
            {
                subjects.Add((await stream.NextAsync(seconds: 2)).Json.GetProperty("subject").GetString()!);
            }
            catch (OperationCanceledException)
            {
                return subjects;
            }
        }
    }

    [Fact]
    public async Task EventRoute_DeliversOnlyWhatItsCreatorMayRead_EvenToAnAdmin()
    {
        await C("admin").PutAsync(Url("/endpoints/rooms-feed"), Json("""{"type":"sse"}""")).Ok();
        await C("rooms").PutAsync(Url("/eventroutes/rooms-route"), Json("""{"endpointName":"rooms-feed","filter":"type = 'Microsoft.DigitalTwins.Twin.Update'"}""")).Ok();
        var route = await Body(await C("admin").GetAsync(Url("/eventroutes/rooms-route")));
        Assert.Equal(["key:rooms"], route.GetProperty("createdBy").EnumerateArray().Select(s => s.GetString()));
        // Another caller may not take the route over.
        await AssertError(await C("reader").DeleteAsync(Url("/eventroutes/rooms-route")), HttpStatusCode.Forbidden, AccessDenied.Forbidden);

        await using var pull = await SseStream.OpenAsync(C("admin"), "?endpoint=rooms-feed");
        foreach (var id in Twins) await C("admin").PatchAsync(Url($"/digitaltwins/{id}"), Patch("""[{"op":"replace","path":"/temperature","value":31}]""")).Ok();
        Assert.Equal(["room-a", "room-b"], await Drain(pull));
    }

    [Fact]
    public async Task Experiments_NeedExecuteAndReadOnTheWholeBranch_ResultsOnlyForThoseWhoMayReadEveryTwin()
    {
        // No EXECUTE: 403. EXECUTE on the branch, but READ on only one of its twins: 403 as well, since the simulator
        // sees the whole branch and its numbers can tell about the hidden twins.
        await AssertError(await C("reader").PostAsync(Url("/experiments"), Experiments.Yaml(Experiments.Small)), HttpStatusCode.Forbidden, AccessDenied.Forbidden);
        var refused = await C("lab-tech").PostAsync(Url("/experiments"), Experiments.Yaml(Experiments.Small));
        await AssertError(refused, HttpStatusCode.Forbidden, AccessDenied.Forbidden);
        Assert.Contains("may not READ 3 of its 4 twins", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var id = await Experiments.Submit(C("admin"), Experiments.Small);
        await Experiments.WaitFor(C("admin"), id);
        foreach (var caller in Callers)
        {
            var r = await C(caller).GetAsync(Url($"/experiments/{id}/results"));
            var list = await C(caller).GetAsync(Url("/experiments"));
            if (caller != "admin")
            {
                // Only the admin may read every twin of main (reader misses secret-1, rooms and lab-tech most of them).
                await AssertError(r, HttpStatusCode.NotFound, ExperimentsApi.ExperimentNotFound);
                Assert.DoesNotContain((await Body(list)).GetProperty("value").EnumerateArray(), e => e.GetProperty("id").GetString() == id);
            }
            else
            {
                Assert.True(r.StatusCode == HttpStatusCode.OK, $"{caller}: {r.StatusCode}");
                Assert.Contains((await Body(list)).GetProperty("value").EnumerateArray(), e => e.GetProperty("id").GetString() == id);
            }
        }
    }

    [Fact]
    public async Task Policies_NeedAdminOnEverything_AndAChangeAppliesWithoutRestart()
    {
        await AssertError(await C("reader").GetAsync(Url("/policies")), HttpStatusCode.Forbidden, AccessDenied.Forbidden);
        var lab = await Body(await C("admin").GetAsync(Url("/policies/lab")));
        Assert.Equal(2, lab.GetProperty("entries").EnumerateObject().Count());
        await AssertError(await C("admin").PutAsync(Url("/policies/bad"), Json("""{"entries":{"e":{"subjects":["key:x"],"resources":["twins:x"],"grant":["READ"]}}}""")),
            HttpStatusCode.BadRequest, "InvalidArgument");

        // Give lab-tech room-b too, over the API; the running server applies it within a second.
        await C("admin").PutAsync(Url("/policies/lab-extra"), Json("""{"entries":{"room-b":{"subjects":["jwt:lab-tech"],"resources":["twin:room-b"],"grant":["READ"]}}}""")).Ok();
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(PolicyStore.CacheFor.TotalSeconds + 4);
            HttpStatusCode status;
            while ((status = (await C("lab-tech").GetAsync(Url("/digitaltwins/room-b"))).StatusCode) != HttpStatusCode.OK && DateTime.UtcNow < deadline)
                await Task.Delay(100);
            Assert.Equal(HttpStatusCode.OK, status);
        }
        finally
        {
            Assert.Equal(HttpStatusCode.NoContent, (await C("admin").DeleteAsync(Url("/policies/lab-extra"))).StatusCode);
        }
        await AssertError(await C("admin").DeleteAsync(Url("/policies/lab-extra")), HttpStatusCode.NotFound, PoliciesApi.PolicyNotFound);
    }
}
