using System.Text.Json;
using System.Text.Json.Nodes;
using Orleans.TestingHost;
using TwinLab.Cluster.Twins;
using TwinLab.Core.Application;
using TwinLab.Core.Errors;
using TwinLab.Core.History;
using TwinLab.Core.Models;
using TwinLab.Core.Query;
using TwinLab.Core.Twins;

namespace TwinLab.Cluster.Tests.Twins;

/// <summary>
/// The building example (4 model files, 18 twins, 27 relationships) hosted as grains on a 3-silo cluster, checked against
/// the same file loaded into the embedded <see cref="TwinGraph"/>: same twins, same query answers, same refusals.
/// </summary>
public sealed class TwinGrainTests : IAsyncLifetime
{
    private const string Room = "dtmi:twinlab:example:Room;1";
    private TestCluster _cluster = null!;
    private readonly TwinGraph _embedded = new();

    public async Task InitializeAsync()
    {
        _cluster = await TestClusters.StartAsync(3);
        var models = Models();
        _embedded.ImportModels(models.Select(m => new DtdlSource(m)));
        using var file = JsonDocument.Parse(Examples.Read("building/twins.json"));
        GraphFile.Apply(_embedded, file.RootElement, "twins.json");

        await ExampleGraphs.LoadAsync(Grains, "main", models, file.RootElement);
    }

    public async Task DisposeAsync()
    {
        await _cluster.StopAllSilosAsync();
        await _cluster.DisposeAsync();
    }

    private IGrainFactory Grains => _cluster.GrainFactory;

    private ClusterTwins Cluster => _clusterTwins ??= new ClusterTwins(Grains, new ClusterTwinOptions().IndexShards);
    private ClusterTwins? _clusterTwins;

    private ITwinGrain Twin(string id) => Grains.GetGrain<ITwinGrain>(TwinKey.Of("main", id));

    [Fact]
    public async Task BuildingExample_OnThreeSilos_HoldsWhatTheEmbeddedGraphHolds()
    {
        var snapshot = _embedded.Snapshot();
        foreach (var twin in snapshot.Twins.Values)
        {
            var reply = await Twin(twin.Id).GetAsync();
            Assert.NotNull(reply);
            Assert.Equal(twin.ModelId, reply.ModelId);
            Assert.Equal(Contents(TwinJson.ToJson(twin)), Contents(reply.Json));
            var outgoing = (await Twin(twin.Id).ListRelationshipsAsync()).Select(Id).Order(StringComparer.Ordinal);
            Assert.Equal(snapshot.OutgoingOf(twin.Id).Select(r => r.Id).Order(StringComparer.Ordinal), outgoing);
            Assert.Equal(snapshot.IncomingOf(twin.Id).Count(), (await Twin(twin.Id).ListIncomingAsync()).Count);
        }
        Assert.Null(await Twin("no-such-twin").GetAsync());
    }

    [Fact]
    public async Task Query_FannedOutOverShards_AnswersAsTheEmbeddedQueryEngine()
    {
        const string query = $"SELECT * FROM digitaltwins WHERE IS_OF_MODEL('{Room}') AND occupancy > 2";
        var expected = TwinQuery.Execute(_embedded.Snapshot(), query).Items.Select(i => i["$dtId"]!.GetValue<string>()).Order(StringComparer.Ordinal);
        var actual = (await Cluster.QueryAsync("main", query)).Select(Id).Order(StringComparer.Ordinal);
        Assert.NotEmpty(expected);
        Assert.Equal(expected, actual);

        // The index follows the twins' changes: a patched occupancy moves a room in or out of the answer.
        var room = expected.First();
        await Twin(room).PatchAsync("""[{"op": "replace", "path": "/occupancy", "value": 0}]""");
        var after = (await Cluster.QueryAsync("main", query)).Select(Id).ToArray();
        Assert.DoesNotContain(room, after);
        Assert.Equal(expected.Count() - 1, after.Length);
    }

    /// <summary>
    /// The shapes the Core's and the server's query suites cover (scans, projections, COUNT, TOP, IN, functions, components,
    /// $metadata, RELATIONSHIPS, JOINs, MATCH with hops both ways), on the building example.
    /// </summary>
    public static readonly string[] QueriesOfTheSuites =
    [
        "SELECT * FROM DIGITALTWINS",
        "SELECT * FROM DIGITALTWINS T WHERE T.occupancy > 2",
        $"SELECT * FROM DIGITALTWINS WHERE IS_OF_MODEL('{Room}')",
        $"SELECT * FROM DIGITALTWINS T WHERE IS_OF_MODEL(T, '{Room}', exact)",
        "SELECT T.name, T.area AS a, T.thermostat.setpoint FROM DIGITALTWINS T WHERE T.thermostat.setpoint >= 21",
        "SELECT T.$dtId, T.$metadata.$model FROM DIGITALTWINS T WHERE STARTSWITH(T.name, 'Meeting')",
        "SELECT COUNT() FROM DIGITALTWINS",
        $"SELECT COUNT() FROM DIGITALTWINS T WHERE IS_OF_MODEL(T, '{Room}') AND T.occupancy > 0",
        "SELECT TOP(3) * FROM DIGITALTWINS T WHERE T.area > 0",
        "SELECT TOP(5) T.name FROM DIGITALTWINS T",
        "SELECT * FROM DIGITALTWINS T WHERE T.$dtId IN ['room-001', 'room-204', 'hq', 'nothing']",
        "SELECT * FROM DIGITALTWINS T WHERE T.usage NIN ['meeting'] AND IS_DEFINED(T.usage)",
        "SELECT * FROM DIGITALTWINS T WHERE ARRAY_CONTAINS(T.equipment, 'whiteboard') OR NOT IS_DEFINED(T.area)",
        "SELECT * FROM DIGITALTWINS T WHERE T.name = 'none such'",
        "SELECT * FROM RELATIONSHIPS",
        "SELECT R.since, R.$targetId FROM RELATIONSHIPS R WHERE R.$relationshipName = 'servedBy'",
        "SELECT COUNT() FROM RELATIONSHIPS R WHERE R.$sourceId = 'floor-1'",
        "SELECT TOP(4) * FROM RELATIONSHIPS R WHERE R.$relationshipName = 'hasRoom'",
        "SELECT R FROM DIGITALTWINS F JOIN R RELATED F.hasRoom WHERE F.$dtId = 'floor-1'",
        "SELECT F, R, E FROM DIGITALTWINS F JOIN R RELATED F.hasRoom E WHERE R.occupancy > 1",
        "SELECT B.name, R.name AS room FROM DIGITALTWINS B JOIN F RELATED B.hasFloor JOIN R RELATED F.hasRoom WHERE R.area > 20",
        "SELECT A FROM DIGITALTWINS R JOIN A RELATED R.servedBy S WHERE S.since >= '2020-01-01'",
        "SELECT COUNT() FROM DIGITALTWINS F JOIN R RELATED F.hasRoom",
        "SELECT TOP(2) R FROM DIGITALTWINS F JOIN R RELATED F.hasRoom WHERE F.$dtId = 'floor-2'",
        "SELECT room FROM DIGITALTWINS MATCH (b)-[:hasFloor]->(f)-[:hasRoom*1..2]->(room) WHERE b.$dtId = 'hq'",
        "SELECT r.name, a.$dtId FROM DIGITALTWINS MATCH (r)-[:servedBy]->(a) WHERE a.$dtId = 'ahu-2'",
        "SELECT f FROM DIGITALTWINS MATCH (a)<-[:servedBy]-(r)<-[:hasRoom]-(f) WHERE a.$dtId = 'ahu-1'",
        "SELECT x FROM DIGITALTWINS MATCH (r)-[*1..3]-(x) WHERE r.$dtId = 'room-101'",
        "SELECT COUNT() FROM DIGITALTWINS MATCH (f)-[:hasRoom]->(r)",
    ];

    [Fact]
    public async Task Queries_OfTheSuites_AnswerOnThreeSilosAsTheEmbeddedGraph()
    {
        var embedded = _embedded.Snapshot();
        foreach (var query in QueriesOfTheSuites)
        {
            var expected = TwinQuery.Execute(embedded, query).Items.Select(i => Contents(i.ToJsonString())).ToArray();
            var actual = (await Cluster.QueryAsync("main", query)).Select(Contents).ToArray();
            Assert.True(expected.SequenceEqual(actual), $"{query}\nembedded: {string.Join(", ", expected)}\ncluster:  {string.Join(", ", actual)}");
        }
        // Syntax errors are the Core's, raised on the node that asks.
        Assert.Throws<QuerySyntaxException>(() => Cluster.QueryAsync("main", "SELECT FROM").GetAwaiter().GetResult());
    }

    [Fact]
    public async Task Patch_ThatBreaksTheModel_IsRefusedWithTheCoresMessage_AndChangesNothing()
    {
        const string patch = """[{"op": "replace", "path": "/occupancy", "value": "many"}]""";
        var before = (await Twin("room-001").GetAsync())!;
        var embedded = Assert.Throws<TwinLabException>(() => _embedded.UpdateTwin("room-001", JsonPatchDocument.Parse(patch)));
        var refused = await Assert.ThrowsAsync<TwinRejectedException>(() => Twin("room-001").PatchAsync(patch));
        Assert.Equal(embedded.Code, refused.Code);
        Assert.Equal(embedded.Message, refused.Message);
        Assert.Equal(before, await Twin("room-001").GetAsync());

        var stale = await Assert.ThrowsAsync<TwinRejectedException>(() =>
            Twin("room-001").PatchAsync("""[{"op": "replace", "path": "/occupancy", "value": 3}]""", "W/\"1\""));
        Assert.Equal(ErrorCodes.PreconditionFailed, stale.Code);

        var patched = await Twin("room-001").PatchAsync("""[{"op": "replace", "path": "/occupancy", "value": 3}]""", before.ETag);
        Assert.NotEqual(before.ETag, patched.ETag);
        Assert.Equal(3, JsonNode.Parse(patched.Json)!["occupancy"]!.GetValue<int>());
    }

    [Fact]
    public async Task Relationships_AcrossSilos_TargetCheckedAndDeletesGuarded()
    {
        // servedBy must target an air-handling unit: a floor exists but is refused, as in the embedded graph.
        var wrongModel = """{"$relationshipName": "servedBy", "$targetId": "floor-0"}""";
        using var body = JsonDocument.Parse(wrongModel);
        var embedded = Assert.Throws<TwinLabException>(() => _embedded.CreateOrReplaceRelationship("room-002", "x", body.RootElement));
        var refused = await Assert.ThrowsAsync<TwinRejectedException>(() => Twin("room-002").PutRelationshipAsync("x", wrongModel));
        Assert.Equal(embedded.Message, refused.Message);

        var missing = await Assert.ThrowsAsync<TwinRejectedException>(() =>
            Twin("room-002").PutRelationshipAsync("y", """{"$relationshipName": "servedBy", "$targetId": "ahu-9"}"""));
        Assert.Equal(ErrorCodes.TargetTwinNotFound, missing.Code);

        // A twin with relationships pointing at it (from twins on any silo) cannot be deleted.
        var guarded = await Assert.ThrowsAsync<TwinRejectedException>(() => Twin("ahu-1").DeleteAsync());
        Assert.Equal(ErrorCodes.RelationshipsNotDeleted, guarded.Code);
        Assert.NotNull(await Twin("ahu-1").GetAsync());
    }

    [Fact]
    public async Task Twins_AfterASiloIsLost_AreReloadedFromTheStore()
    {
        await Twin("room-001").PatchAsync("""[{"op": "replace", "path": "/occupancy", "value": 4}]""");
        var before = new Dictionary<string, TwinReply>();
        foreach (var id in _embedded.Snapshot().Twins.Keys) before[id] = (await Twin(id).GetAsync())!;

        await _cluster.KillSiloAsync(_cluster.SecondarySilos[0]);

        foreach (var (id, reply) in before)
        {
            var now = await TestClusters.PollAsync(() => Twin(id).GetAsync(), _ => true, TimeSpan.FromMinutes(2));
            Assert.Equal(reply, now);
        }
        var rooms = await TestClusters.PollAsync(() => Cluster.QueryAsync("main", $"SELECT * FROM digitaltwins WHERE IS_OF_MODEL('{Room}')"),
            _ => true, TimeSpan.FromMinutes(2));
        Assert.Equal(_embedded.Snapshot().Twins.Values.Count(t => _embedded.Models.IsAssignableTo(t.ModelId, Room)), rooms.Count);
    }

    [Fact]
    public async Task RepeatedIdempotencyKey_ForATwinDeletedSince_AnswersWhatTheFirstWriteAnswered_AndChangesNothing()
    {
        static string RoomBody(int occupancy) =>
            """{"$metadata": {"$model": "dtmi:twinlab:example:Room;1"}, "name": "k", "thermostat": {"$metadata": {}}, "occupancy": """ + occupancy + "}";
        ClusterWriteContext.Set(new WriteContext("api:alice", "put-once"));
        var first = await Twin("room-k").PutAsync(RoomBody(1));
        Assert.False(first.Duplicate);
        ClusterWriteContext.Set(new WriteContext("api:alice", "delete-once"));
        var deleted = await Twin("room-k").DeleteAsync();

        // The same PUT again (a client retrying after a lost answer), the twin gone since: the first answer, marked a
        // replay; the twin stays deleted.
        ClusterWriteContext.Set(new WriteContext("api:alice", "put-once"));
        var replay = await Twin("room-k").PutAsync(RoomBody(2));
        Assert.True(replay.Duplicate);
        Assert.Equal((first.Json, first.ETag, first.ModelId), (replay.Json, replay.ETag, replay.ModelId));
        Assert.Equal(first.Json, (await Twin("room-k").PatchAsync("""[{"op": "add", "path": "/occupancy", "value": 3}]""")).Json);
        Assert.Null(await Twin("room-k").GetAsync());

        // A repeated delete answers the deletion's number; a key reused for another twin is refused clearly, not applied.
        ClusterWriteContext.Set(new WriteContext("api:alice", "delete-once"));
        Assert.Equal(deleted, await Twin("room-k").DeleteAsync());
        ClusterWriteContext.Set(new WriteContext("api:alice", "put-once"));
        var reused = await Assert.ThrowsAsync<TwinRejectedException>(() => Twin("room-other").PutAsync(RoomBody(4)));
        Assert.Equal(ErrorCodes.InvalidArgument, reused.Code);
        Assert.Contains("Idempotency key 'put-once' was already used by the write at", reused.Message);
        Assert.Contains("which did not write twin 'room-other'", reused.Message);
        ClusterWriteContext.Set(new WriteContext("api:alice"));
        Assert.Null(await Twin("room-other").GetAsync());

        // Relationships and model imports replay the same way.
        ClusterWriteContext.Set(new WriteContext("api:alice", "rel-once"));
        var relationship = await Twin("floor-1").PutRelationshipAsync("r-k", """{"$relationshipName": "hasRoom", "$targetId": "room-001"}""");
        ClusterWriteContext.Set(new WriteContext("api:alice"));
        await Twin("floor-1").DeleteRelationshipAsync("r-k");
        ClusterWriteContext.Set(new WriteContext("api:alice", "rel-once"));
        Assert.Equal(relationship, await Twin("floor-1").PutRelationshipAsync("r-k", """{"$relationshipName": "hasRoom", "$targetId": "room-001"}"""));
        ClusterWriteContext.Set(new WriteContext("api:alice"));
        Assert.DoesNotContain(await Twin("floor-1").ListRelationshipsAsync(), r => r.Contains("\"r-k\"", StringComparison.Ordinal));
    }

    private static IReadOnlyList<string> Models() => ExampleGraphs.Models("building", "Space.json", "Room.json", "Building.json", "Equipment.json");

    private static string Id(string json) => JsonNode.Parse(json)!.AsObject() switch
    {
        var o when o["$dtId"] is { } id => id.GetValue<string>(),
        var o => o["$relationshipId"]!.GetValue<string>(),
    };

    /// <summary>A twin's JSON without ETags and update times (they are the store's and the clock's, not the twin's).</summary>
    private static string Contents(string json)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        Strip(node);
        return node.ToJsonString();

        static void Strip(JsonNode? n)
        {
            if (n is JsonObject o)
            {
                foreach (var key in o.Select(p => p.Key).Where(k => k == "$etag" || k.EndsWith("astUpdateTime", StringComparison.Ordinal)).ToArray()) o.Remove(key);
                foreach (var child in o.Select(p => p.Value).ToArray()) Strip(child);
            }
        }
    }
}
