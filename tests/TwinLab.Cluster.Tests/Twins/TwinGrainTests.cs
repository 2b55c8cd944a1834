using System.Text.Json;
using System.Text.Json.Nodes;
using Orleans.TestingHost;
using TwinLab.Cluster.Twins;
using TwinLab.Core.Application;
using TwinLab.Core.Errors;
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

        await Grains.GetGrain<IModelsGrain>("main").ImportAsync(models);
        foreach (var twin in file.RootElement.GetProperty("twins").EnumerateArray())
            await Twin(twin.GetProperty("$dtId").GetString()!).PutAsync(twin.GetRawText());
        foreach (var rel in file.RootElement.GetProperty("relationships").EnumerateArray())
        {
            var body = new JsonObject { ["$relationshipName"] = rel.GetProperty("name").GetString(), ["$targetId"] = rel.GetProperty("target").GetString() };
            if (rel.TryGetProperty("properties", out var props))
                foreach (var p in props.EnumerateObject()) body[p.Name] = JsonNode.Parse(p.Value.GetRawText());
            await Twin(rel.GetProperty("source").GetString()!).PutRelationshipAsync(rel.GetProperty("id").GetString()!, body.ToJsonString());
        }
    }

    public async Task DisposeAsync()
    {
        await _cluster.StopAllSilosAsync();
        await _cluster.DisposeAsync();
    }

    private IGrainFactory Grains => _cluster.GrainFactory;

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
        var actual = (await ClusterTwins.QueryAsync(Grains, "main", query, new ClusterTwinOptions().IndexShards)).Select(Id).Order(StringComparer.Ordinal);
        Assert.NotEmpty(expected);
        Assert.Equal(expected, actual);

        // The index follows the twins' changes: a patched occupancy moves a room in or out of the answer.
        var room = expected.First();
        await Twin(room).PatchAsync("""[{"op": "replace", "path": "/occupancy", "value": 0}]""");
        var after = (await ClusterTwins.QueryAsync(Grains, "main", query, 8)).Select(Id).ToArray();
        Assert.DoesNotContain(room, after);
        Assert.Equal(expected.Count() - 1, after.Length);
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
        var rooms = await TestClusters.PollAsync(() => ClusterTwins.QueryAsync(Grains, "main", $"SELECT * FROM digitaltwins WHERE IS_OF_MODEL('{Room}')", 8),
            _ => true, TimeSpan.FromMinutes(2));
        Assert.Equal(_embedded.Snapshot().Twins.Values.Count(t => _embedded.Models.IsAssignableTo(t.ModelId, Room)), rooms.Count);
    }

    private static IReadOnlyList<string> Models()
    {
        string[] files = ["Space.json", "Room.json", "Building.json", "Equipment.json"];
        return files.Select(f => Examples.Read($"building/models/{f}")).ToArray();
    }

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
