using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using TwinLab.Core.Query;
using TwinLab.Core.Twins;
using static TwinLab.Core.Tests.Query.QueryFixture;

namespace TwinLab.Core.Tests.Query;

public sealed class QuerySelectTests
{
    [Fact]
    public void SelectStar_AllTwins_ReturnsEveryTwinInOrdinalIdOrder()
    {
        Assert.Equal(AllTwinIds, Ids("SELECT * FROM DIGITALTWINS"));
    }

    [Fact]
    public void SelectStar_SingleCollection_ReturnsTwinObjectsInAdtShape()
    {
        var rows = Run("SELECT * FROM DIGITALTWINS T WHERE T.$dtId = 'room101'");

        var row = Assert.Single(rows);
        Assert.True(JsonNode.DeepEquals(TwinJson.ToNode(Graph.Twins["room101"]), row), Text(row));
        Assert.Equal("dtmi:twinlab:Room;1", (string)row["$metadata"]!["$model"]!);
        Assert.Equal(21, (double)row["thermostat"]!["setpoint"]!);
        Assert.NotNull(row["thermostat"]!["$metadata"]!["setpoint"]!["lastUpdateTime"]);
    }

    [Fact]
    public void SelectStar_EveryTwin_MatchesTwinJsonExactly()
    {
        var rows = Run("SELECT * FROM DIGITALTWINS");

        foreach (var row in rows)
        {
            var expected = TwinJson.ToNode(Graph.Twins[(string)row["$dtId"]!]);
            Assert.Equal(expected.ToJsonString(), row.ToJsonString());
        }
    }

    [Fact]
    public void SelectAlias_SingleCollection_ReturnsRowsKeyedByAlias()
    {
        var row = Assert.Single(Run("SELECT T FROM DIGITALTWINS T WHERE T.$dtId = 'bldg1'"));

        Assert.Equal(["T"], row.Select(p => p.Key));
        Assert.True(JsonNode.DeepEquals(TwinJson.ToNode(Graph.Twins["bldg1"]), row["T"]));
    }

    [Fact]
    public void SelectProperties_Projection_KeysByPropertyName()
    {
        var rows = Run("SELECT T.name, T.area FROM DIGITALTWINS T WHERE IS_OF_MODEL(T, 'dtmi:twinlab:MeetingRoom;1')");

        Assert.Equal(
            ["""{"name":"Fjord","area":30}""", """{"name":"Glacier","area":18}"""],
            rows.Select(r => r.ToJsonString()));
    }

    [Fact]
    public void SelectAs_UndefinedProperty_IsOmittedFromRow()
    {
        var rows = Run("SELECT T.name AS n, T.temperature AS t FROM DIGITALTWINS T WHERE T.$dtId IN ['room301', 'room201']");

        Assert.Equal(
            ["""{"n":"Open Office","t":24}""", """{"n":"Storage 'B'"}"""],
            rows.Select(r => r.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping })));
    }

    [Fact]
    public void SelectNestedPaths_ComponentObjectAndMetadata_ProjectsEach()
    {
        var row = Assert.Single(Run(
            "SELECT T.thermostat, T.dimensions.width, T.$metadata.$model, T.$etag, T.thermostat.mode AS mode, T.tags " +
            "FROM DIGITALTWINS T WHERE T.$dtId = 'room101'"));

        var twin = Graph.Twins["room101"];
        Assert.True(JsonNode.DeepEquals(TwinJson.ToNode(twin)["thermostat"], row["thermostat"]), Text(row["thermostat"]));
        Assert.Equal(10, (double)row["width"]!);
        Assert.Equal(RoomId, (string)row["$model"]!);
        Assert.Equal(twin.ETag, (string)row["$etag"]!);
        Assert.Equal("auto", (string)row["mode"]!);
        Assert.Equal("""{"zone":"public"}""", Text(row["tags"]));
    }

    [Fact]
    public void SelectMetadataTimes_PropertyAndTwin_FormattedAsAdt()
    {
        // room101 is the sixth twin created, one minute apart.
        var created = TwinJson.Format(Start.AddMinutes(5));

        var row = Assert.Single(Run(
            "SELECT T.$metadata.temperature.lastUpdateTime AS p, T.$metadata.$lastUpdateTime AS t, T.$metadata.temperature AS m " +
            "FROM DIGITALTWINS T WHERE T.$dtId = 'room101'"));

        Assert.Equal(created, (string)row["p"]!);
        Assert.Equal(created, (string)row["t"]!);
        Assert.Equal($$"""{"lastUpdateTime":"{{created}}"}""", Text(row["m"]));
    }

    [Fact]
    public void SelectCount_WholeCollection_ReturnsSingleCountRow()
    {
        Assert.Equal(12, Count("SELECT COUNT() FROM DIGITALTWINS"));
        Assert.Equal("""{"COUNT":12}""", Run("SELECT COUNT() FROM DIGITALTWINS")[0].ToJsonString());
    }

    [Fact]
    public void SelectCount_WithWhere_CountsMatches()
    {
        Assert.Equal(5, Count("SELECT COUNT() FROM DIGITALTWINS T WHERE IS_OF_MODEL(T, 'dtmi:twinlab:Room;1')"));
        Assert.Equal(0, Count("SELECT COUNT() FROM DIGITALTWINS T WHERE T.name = 'nowhere'"));
    }

    [Fact]
    public void SelectTop_WithoutProjection_ReturnsFirstTwinsById()
    {
        Assert.Equal(["bldg1", "bldg2"], Ids("SELECT TOP(2) FROM DIGITALTWINS"));
    }

    [Fact]
    public void SelectTop_WithStarAndWhere_TakesFirstMatchesById()
    {
        Assert.Equal(["room101", "room102", "room201"],
            Ids("SELECT TOP(3) * FROM DIGITALTWINS T WHERE IS_OF_MODEL(T, 'dtmi:twinlab:Room;1')"));
    }

    [Fact]
    public void SelectTop_MoreThanMatches_ReturnsAllMatches()
    {
        Assert.Equal(["hvac1", "hvac2"], Ids("SELECT TOP (100) * FROM DIGITALTWINS T WHERE STARTSWITH(T.$dtId, 'hvac')"));
    }

    [Fact]
    public void SelectTop_WithProjection_LimitsProjectedRows()
    {
        var rows = Run("SELECT TOP(1) T.name FROM DIGITALTWINS T WHERE IS_NUMBER(T.level)");

        Assert.Equal("""{"name":"Ground"}""", Assert.Single(rows).ToJsonString());
    }

    [Fact]
    public void Keywords_AnyCase_AreRecognised()
    {
        Assert.Equal(["bldg1"], Ids("select * from digitaltwins t where t.name = 'HQ' and Is_Defined(t.address)"));
    }

    [Fact]
    public void FromDigitalTwins_NoAlias_BareNamesReferToTheTwin()
    {
        var rows = Run("SELECT name FROM DIGITALTWINS WHERE level = 1");

        Assert.Equal(["""{"name":"Ground"}""", """{"name":"Annex ground"}"""], rows.Select(r => r.ToJsonString()));
        Assert.Equal(["floor2"], Ids("SELECT * FROM DIGITALTWINS WHERE $dtId = 'floor2'"));
    }

    [Fact]
    public void FromRelationships_SelectStar_ReturnsRelationshipObjectsOrderedBySourceThenId()
    {
        var rows = Run("SELECT * FROM RELATIONSHIPS R WHERE R.$relationshipName = 'servedBy'");

        Assert.Equal(["room101-hvac", "room102-hvac", "room201-hvac", "room202-hvac"], rows.Select(r => (string)r["$relationshipId"]!));
        var expected = TwinJson.ToNode(Graph.Outgoing["room102"]["room102-hvac"]);
        Assert.Equal(expected.ToJsonString(), rows[1].ToJsonString());
    }

    [Fact]
    public void FromRelationships_PinnedSource_ProjectsTargetAndProperty()
    {
        var rows = Run("SELECT R.$targetId, R.priority, R.$sourceId AS src FROM RELATIONSHIPS R WHERE R.$sourceId = 'room102'");

        Assert.Equal("""{"$targetId":"hvac1","priority":2,"src":"room102"}""", Assert.Single(rows).ToJsonString());
    }

    [Fact]
    public void FromRelationships_NoAliasPinnedTarget_ReturnsIncomingRelationships()
    {
        var rows = Run("SELECT * FROM RELATIONSHIPS WHERE $targetId = 'floor1'");

        Assert.Equal(["bldg1-floor1", "hvac1-floor"], rows.Select(r => (string)r["$relationshipId"]!));
    }

    [Fact]
    public void FromRelationships_Count_CountsAll()
    {
        Assert.Equal(14, Count("SELECT COUNT() FROM RELATIONSHIPS"));
        Assert.Equal(2, Count("SELECT COUNT() FROM RELATIONSHIPS R WHERE R.priority >= 2"));
    }

    [Fact]
    public void SelectRelationshipAlias_SingleCollection_KeysByAlias()
    {
        var row = Assert.Single(Run("SELECT R FROM RELATIONSHIPS R WHERE R.$relationshipId = 'hvac2-floor'"));

        Assert.Equal("floor2", (string)row["R"]!["$targetId"]!);
    }

    [Fact]
    public void Parse_OnceRunOnTwoSnapshots_SeesEachSnapshotsData()
    {
        var query = TwinQuery.Parse("SELECT * FROM DIGITALTWINS T WHERE T.temperature > 25");
        var graph = new TwinGraph(Graph, new FakeTimeProvider(Start.AddHours(1)));
        graph.UpdateTwin("room101", [JsonPatchOperation.Replace("/temperature", JsonDocument.Parse("30").RootElement.Clone())]);

        var before = TwinQuery.Execute(Graph, query).Items.Select(r => (string)r["$dtId"]!);
        var after = TwinQuery.Execute(graph.Snapshot(), query).Items.Select(r => (string)r["$dtId"]!);

        Assert.Equal(["room102", "room202"], before);
        Assert.Equal(["room101", "room102", "room202"], after);
        Assert.Equal("SELECT * FROM DIGITALTWINS T WHERE T.temperature > 25", query.Text);
    }

    [Fact]
    public void Execute_ResultRows_AreIndependentCopies()
    {
        var first = Run("SELECT * FROM DIGITALTWINS T WHERE T.$dtId = 'room101'")[0];
        first["name"] = "changed";
        ((JsonObject)first["tags"]!)["zone"] = "changed";

        var second = Run("SELECT * FROM DIGITALTWINS T WHERE T.$dtId = 'room101'")[0];

        Assert.Equal("Lobby", (string)second["name"]!);
        Assert.Equal("public", (string)second["tags"]!["zone"]!);
    }

    [Fact]
    public void Execute_EmptyGraph_ReturnsNoRowsAndZeroCount()
    {
        Assert.Empty(TwinQuery.Execute(GraphSnapshot.Empty, "SELECT * FROM DIGITALTWINS T WHERE T.x = 1").Items);
        Assert.Equal(0L, (long)TwinQuery.Execute(GraphSnapshot.Empty, "SELECT COUNT() FROM RELATIONSHIPS").Items[0]["COUNT"]!);
    }
}
