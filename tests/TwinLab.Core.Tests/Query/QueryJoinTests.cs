using System.Text.Json.Nodes;
using TwinLab.Core.Twins;
using static TwinLab.Core.Tests.Query.QueryFixture;

namespace TwinLab.Core.Tests.Query;

public sealed class QueryJoinTests
{
    private static string[] Tuples(string query, params string[] keys) =>
        Run(query).Select(r => string.Join("/", keys.Select(k => r[k] is JsonObject o ? (string?)o["$dtId"] ?? (string?)o["$relationshipId"] : Text(r[k])))).ToArray();

    [Fact]
    public void Join_PinnedSource_ReturnsRelatedTwins()
    {
        var ids = Ids("SELECT Room FROM DIGITALTWINS Floor JOIN Room RELATED Floor.hasRoom WHERE Floor.$dtId = 'floor1'", "Room");

        Assert.Equal(["room101", "room102"], ids);
    }

    [Fact]
    public void Join_ProjectedTwin_IsTheFullTwinObject()
    {
        var row = Run("SELECT Room FROM DIGITALTWINS Floor JOIN Room RELATED Floor.hasRoom WHERE Floor.$dtId = 'floor2'")[0];

        Assert.Equal(["Room"], row.Select(p => p.Key));
        Assert.Equal(TwinJson.ToNode(Graph.Twins["room201"]).ToJsonString(), row["Room"]!.ToJsonString());
    }

    [Fact]
    public void Join_TwoJoinsWithConditionsOnEveryAlias_ReturnsMatchingTuples()
    {
        var rows = Tuples(
            "SELECT B, F, R FROM DIGITALTWINS B JOIN F RELATED B.hasFloor JOIN R RELATED F.hasRoom " +
            "WHERE B.$dtId = 'bldg1' AND R.temperature > 25",
            "B", "F", "R");

        Assert.Equal(["bldg1/floor1/room102", "bldg1/floor2/room202"], rows);
    }

    [Fact]
    public void Join_RelationshipAlias_CanBeFilteredAndProjected()
    {
        var rows = Run(
            "SELECT Room.name AS room, Rel.priority, Rel.$relationshipId AS id, Rel.$sourceId AS src, Hvac.name AS hvac " +
            "FROM DIGITALTWINS Room JOIN Hvac RELATED Room.servedBy Rel WHERE Rel.priority >= 2");

        Assert.Equal(
        [
            """{"room":"Fjord","priority":2,"id":"room102-hvac","src":"room102","hvac":"AHU-1"}""",
            """{"room":"Glacier","priority":3,"id":"room202-hvac","src":"room202","hvac":"AHU-2"}""",
        ], rows.Select(r => r.ToJsonString()));
    }

    [Fact]
    public void Join_RelationshipAliasProjectedWhole_IsTheRelationshipObject()
    {
        var row = Assert.Single(Run("SELECT Rel FROM DIGITALTWINS R JOIN H RELATED R.servedBy Rel WHERE R.$dtId = 'room201'"));

        Assert.Equal(TwinJson.ToNode(Graph.Outgoing["room201"]["room201-hvac"]).ToJsonString(), row["Rel"]!.ToJsonString());
    }

    [Fact]
    public void Join_NoPin_ScansSourcesInIdOrder()
    {
        var rows = Run("SELECT F.name AS floor, R.name AS room FROM DIGITALTWINS F JOIN R RELATED F.hasRoom WHERE R.occupied = true");

        Assert.Equal(["""{"floor":"Ground","room":"Lobby"}""", """{"floor":"First","room":"Open Office"}"""], rows.Select(r => r.ToJsonString()));
    }

    [Fact]
    public void Join_PinOnJoinedAlias_TraversesBackwards()
    {
        Assert.Equal(["bldg2"], Ids("SELECT B FROM DIGITALTWINS B JOIN F RELATED B.hasFloor WHERE F.$dtId = 'floor3'", "B"));
        Assert.Equal(["bldg1/floor2/room202"], Tuples(
            "SELECT B, F, R FROM DIGITALTWINS B JOIN F RELATED B.hasFloor JOIN R RELATED F.hasRoom WHERE R.$dtId = 'room202'",
            "B", "F", "R"));
    }

    [Fact]
    public void Join_Count_CountsRows()
    {
        Assert.Equal(5, Count("SELECT COUNT() FROM DIGITALTWINS F JOIN R RELATED F.hasRoom"));
        Assert.Equal(2, Count("SELECT COUNT() FROM DIGITALTWINS F JOIN R RELATED F.hasRoom WHERE IS_OF_MODEL(R, 'dtmi:twinlab:MeetingRoom;1')"));
    }

    [Fact]
    public void Join_SelectStar_KeysEveryAlias()
    {
        var row = Assert.Single(Run("SELECT * FROM DIGITALTWINS R JOIN H RELATED R.servedBy Rel WHERE R.$dtId = 'room101'"));

        Assert.Equal(["R", "H", "Rel"], row.Select(p => p.Key));
        Assert.Equal("hvac1", (string)row["H"]!["$dtId"]!);
        Assert.Equal("room101-hvac", (string)row["Rel"]!["$relationshipId"]!);
    }

    [Fact]
    public void Join_UnknownRelationshipName_ReturnsNothing()
    {
        Assert.Empty(Run("SELECT X FROM DIGITALTWINS B JOIN X RELATED B.contains WHERE B.$dtId = 'bldg1'"));
    }

    [Fact]
    public void Join_Top_StopsAfterN()
    {
        Assert.Equal(["room101"], Ids("SELECT TOP(1) R FROM DIGITALTWINS F JOIN R RELATED F.hasRoom", "R"));
    }

    [Fact]
    public void Join_FiveJoins_FollowsTheWholeChain()
    {
        var ids = Ids(
            "SELECT R2 FROM DIGITALTWINS B JOIN F RELATED B.hasFloor JOIN R RELATED F.hasRoom JOIN H RELATED R.servedBy " +
            "JOIN F2 RELATED H.locatedIn JOIN R2 RELATED F2.hasRoom WHERE B.$dtId = 'bldg1' AND R.$dtId = 'room201'",
            "R2");

        Assert.Equal(["room201", "room202"], ids);
    }

    [Fact]
    public void Join_ConditionAcrossAliases_ComparesTheirValues()
    {
        // Warm rooms served by a small unit: conditions on R and H, each checked as soon as its alias is bound.
        var rows = Tuples(
            "SELECT F, R, H FROM DIGITALTWINS F JOIN R RELATED F.hasRoom JOIN H RELATED R.servedBy " +
            "WHERE R.temperature > 25 AND H.powerKw < 20",
            "F", "R", "H");

        Assert.Equal(["floor1/room102/hvac1"], rows);
    }
}
