using System.Text.Json;
using TwinLab.Core.Query;
using TwinLab.Core.Twins;
using static TwinLab.Core.Tests.Query.QueryFixture;

namespace TwinLab.Core.Tests.Query;

public sealed class QueryMatchTests
{
    private static string[] Tuples(string query, params string[] keys) =>
        Run(query).Select(r => string.Join("/", keys.Select(k => (string?)r[k]!["$dtId"] ?? (string?)r[k]!["$relationshipId"]))).ToArray();

    [Fact]
    public void Match_TwoHopChainPinnedAtStart_ReturnsEndTwins()
    {
        var ids = Ids("SELECT b FROM DIGITALTWINS MATCH (a)-[:hasFloor]->(f)-[:hasRoom]->(b) WHERE a.$dtId = 'bldg1'", "b");

        Assert.Equal(["room101", "room102", "room201", "room202"], ids);
    }

    [Fact]
    public void Match_ChainPinnedAtEnd_TraversesBackwards()
    {
        Assert.Equal(["bldg2/floor3/room301"], Tuples(
            "SELECT a, f, b FROM DIGITALTWINS MATCH (a)-[:hasFloor]->(f)-[:hasRoom]->(b) WHERE b.$dtId = 'room301'",
            "a", "f", "b"));
    }

    [Fact]
    public void Match_AnonymousMiddleNode_IsNotProjected()
    {
        var row = Assert.Single(Run("SELECT * FROM DIGITALTWINS MATCH (a)-[:hasFloor]->()-[:hasRoom]->(b) WHERE a.$dtId = 'bldg2'"));

        Assert.Equal(["a", "b"], row.Select(p => p.Key));
        Assert.Equal("room301", (string)row["b"]!["$dtId"]!);
    }

    [Fact]
    public void Match_ExactHopCount_ReturnsDistinctTwinsAtThatDistance()
    {
        Assert.Equal(["room101", "room102", "room201", "room202"],
            Ids("SELECT r FROM DIGITALTWINS MATCH (b)-[*2]->(r) WHERE b.$dtId = 'bldg1'", "r"));
        Assert.Equal(["hvac1", "hvac2"], Ids("SELECT x FROM DIGITALTWINS MATCH (b)-[*3]->(x) WHERE b.$dtId = 'bldg1'", "x"));
    }

    [Fact]
    public void Match_HopRange_ReturnsEveryTwinWithinRange()
    {
        Assert.Equal(["floor1", "floor2", "hvac1", "hvac2", "room101", "room102", "room201", "room202"],
            Ids("SELECT x FROM DIGITALTWINS MATCH (b)-[*1..3]->(x) WHERE b.$dtId = 'bldg1'", "x"));
        Assert.Equal(["floor1", "floor2", "room101", "room102", "room201", "room202"],
            Ids("SELECT x FROM DIGITALTWINS MATCH (b)-[*..2]->(x) WHERE b.$dtId = 'bldg1'", "x"));
        Assert.Equal(["room101", "room102", "room201", "room202"],
            Ids("SELECT x FROM DIGITALTWINS MATCH (b)-[:hasFloor|hasRoom*2..2]->(x) WHERE b.$dtId = 'bldg1'", "x"));
    }

    [Fact]
    public void Match_VariableLengthOnCycle_TerminatesWithoutRevisiting()
    {
        // floor1 → room101/room102 → hvac1 → floor1 is a cycle; floor1 itself is never an end.
        Assert.Equal(["hvac1", "room101", "room102"],
            Ids("SELECT x FROM DIGITALTWINS MATCH (f)-[*1..10]->(x) WHERE f.$dtId = 'floor1'", "x"));
        Assert.Equal(["hvac1"], Ids("SELECT x FROM DIGITALTWINS MATCH (f)-[*2..10]->(x) WHERE f.$dtId = 'floor1'", "x"));
        Assert.Equal(["bldg1", "floor1", "hvac1", "room101"],
            Ids("SELECT x FROM DIGITALTWINS MATCH (f)-[*..10]-(x) WHERE f.$dtId = 'room102' AND x.$dtId NIN ['floor2','hvac2','room201','room202']", "x"));
    }

    [Fact]
    public void Match_UndirectedOverWholeGraph_ReachesEveryConnectedTwin()
    {
        // The annex (bldg2, floor3, room301) is not connected to room101.
        Assert.Equal(8, Count("SELECT COUNT() FROM DIGITALTWINS MATCH (a)-[*1..10]-(x) WHERE a.$dtId = 'room101'"));
    }

    [Fact]
    public void Match_RelationshipNameAlternatives_FollowEither()
    {
        Assert.Equal(["floor1", "hvac1"],
            Ids("SELECT x FROM DIGITALTWINS MATCH (r)-[:servedBy|locatedIn*1..2]->(x) WHERE r.$dtId = 'room101'", "x"));
    }

    [Fact]
    public void Match_ReverseArrow_FollowsIncomingRelationships()
    {
        Assert.Equal(["floor2"], Ids("SELECT floor FROM DIGITALTWINS MATCH (room)<-[:hasRoom]-(floor) WHERE room.$dtId = 'room202'", "floor"));
        Assert.Equal(["room101", "room102"], Ids("SELECT r FROM DIGITALTWINS MATCH (h)<-[:servedBy]-(r) WHERE h.$dtId = 'hvac1'", "r"));
    }

    [Fact]
    public void Match_Undirected_FollowsBothWays()
    {
        var rows = Run("SELECT x.$dtId, r.$relationshipName FROM DIGITALTWINS MATCH (h)-[r]-(x) WHERE h.$dtId = 'hvac1'");

        Assert.Equal(
        [
            """{"$dtId":"floor1","$relationshipName":"locatedIn"}""",
            """{"$dtId":"room101","$relationshipName":"servedBy"}""",
            """{"$dtId":"room102","$relationshipName":"servedBy"}""",
        ], rows.Select(r => r.ToJsonString()));
    }

    [Fact]
    public void Match_RelationshipAliasInWhere_FiltersOnRelationshipProperties()
    {
        Assert.Equal(["room102/room102-hvac/hvac1", "room202/room202-hvac/hvac2"], Tuples(
            "SELECT room, s, hvac FROM DIGITALTWINS MATCH (room)-[s:servedBy]->(hvac) WHERE s.priority >= 2",
            "room", "s", "hvac"));
        Assert.Equal(["room201/hvac2"], Tuples(
            "SELECT room, hvac FROM DIGITALTWINS MATCH (room)-[s:servedBy]->(hvac) WHERE s.$targetId = 'hvac2' AND s.priority = 1",
            "room", "hvac"));
    }

    [Fact]
    public void Match_ConditionsOnSeveralNodes_ApplyToEach()
    {
        Assert.Equal(["room202"], Ids(
            "SELECT r FROM DIGITALTWINS MATCH (f)-[:hasRoom]->(r)-[:servedBy]->(h) " +
            "WHERE f.level = 2 AND h.powerKw > 20 AND r.temperature > 25 AND IS_OF_MODEL(r, 'dtmi:twinlab:MeetingRoom;1')",
            "r"));
    }

    [Fact]
    public void Match_AnyRelationshipUnpinned_ReturnsOneRowPerRelationship()
    {
        Assert.Equal(14, Count("SELECT COUNT() FROM DIGITALTWINS MATCH (a)-[]->(b)"));
        Assert.Equal(["bldg1/floor1", "bldg1/floor2"], Tuples("SELECT TOP(2) a, b FROM DIGITALTWINS MATCH (a)-[]->(b)", "a", "b"));
    }

    [Fact]
    public void Match_ShorthandArrows_AreAccepted()
    {
        Assert.Equal(["floor3"], Ids("SELECT f FROM DIGITALTWINS MATCH (b)-->(f) WHERE b.$dtId = 'bldg2'", "f"));
        Assert.Equal(["bldg2"], Ids("SELECT b FROM DIGITALTWINS MATCH (f)<--(b) WHERE f.$dtId = 'floor3'", "b"));
    }

    [Fact]
    public void Match_CyclicPattern_BindsTheRepeatedAliasOnce()
    {
        // Every room is served by a unit located on the room's own floor.
        Assert.Equal(4, Count("SELECT COUNT() FROM DIGITALTWINS MATCH (f)-[:hasRoom]->(r)-[:servedBy]->(h)-[:locatedIn]->(f)"));
        Assert.Equal(["floor1/room101/hvac1", "floor1/room102/hvac1"], Tuples(
            "SELECT f, r, h FROM DIGITALTWINS MATCH (f)-[:hasRoom]->(r)-[:servedBy]->(h)-[:locatedIn]->(f) WHERE h.$dtId = 'hvac1'",
            "f", "r", "h"));
    }

    [Fact]
    public void Match_PatternThatCannotClose_ReturnsNothing()
    {
        // Move hvac2 to floor1: rooms on floor2 are no longer served from their own floor.
        var graph = new TwinGraph(Graph);
        graph.CreateOrReplaceRelationship("hvac2", "hvac2-floor",
            JsonDocument.Parse("""{"$relationshipName":"locatedIn","$targetId":"floor1"}""").RootElement);

        var rows = TwinQuery.Execute(graph.Snapshot(),
            "SELECT r FROM DIGITALTWINS MATCH (f)-[:hasRoom]->(r)-[:servedBy]->(h)-[:locatedIn]->(f)").Items;

        Assert.Equal(["room101", "room102"], rows.Select(r => (string)r["r"]!["$dtId"]!));
    }

    [Fact]
    public void Match_SelectStar_KeysNamedAliasesIncludingRelationship()
    {
        var row = Assert.Single(Run("SELECT * FROM DIGITALTWINS MATCH (a)-[e:locatedIn]->(b) WHERE a.$dtId = 'hvac2'"));

        Assert.Equal(["a", "b", "e"], row.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal(TwinJson.ToNode(Graph.Outgoing["hvac2"]["hvac2-floor"]).ToJsonString(), row["e"]!.ToJsonString());
    }

    [Fact]
    public void Match_Projections_ReturnPropertyValues()
    {
        var rows = Run("SELECT f.name AS floor, b.name AS room, b.thermostat.setpoint AS sp FROM DIGITALTWINS MATCH (f)-[:hasRoom]->(b) WHERE f.level = 2");

        Assert.Equal(["""{"floor":"First","room":"Open Office","sp":23}""", """{"floor":"First","room":"Glacier"}"""],
            rows.Select(r => r.ToJsonString()));
    }

    [Fact]
    public void Match_PinnedWithIn_StartsFromEachPinnedTwin()
    {
        Assert.Equal(["floor1/room101", "floor1/room102", "floor3/room301"], Tuples(
            "SELECT f, r FROM DIGITALTWINS MATCH (f)-[:hasRoom]->(r) WHERE f.$dtId IN ['floor3', 'floor1']", "f", "r"));
    }

    [Fact]
    public void Match_DenseCycleGraph_VariableLengthStaysBounded()
    {
        // A complete directed graph of 8 twins: 56 relationships, every simple path up to 10 hops explored once.
        var graph = new TwinGraph(GraphSnapshot.Empty with { Models = QueryFixture.Models });
        for (var i = 0; i < 8; i++)
            graph.CreateOrReplaceTwin($"h{i}", JsonDocument.Parse("{\"$metadata\":{\"$model\":\"" + HvacId + "\"}}").RootElement);
        var floorless = graph.Snapshot();
        // HvacUnit.locatedIn targets Floor; relate the units through a hand-made snapshot instead.
        var relationships = new List<Relationship>();
        for (var i = 0; i < 8; i++)
            for (var j = 0; j < 8; j++)
                if (i != j)
                    relationships.Add(new Relationship { Id = $"h{i}-h{j}", SourceId = $"h{i}", TargetId = $"h{j}", Name = "peer", ETag = "W/\"1\"" });
        var snapshot = GraphSnapshotFactory.Build(QueryFixture.Models.Entries, floorless.Twins.Values, relationships, 1);

        var rows = TwinQuery.Execute(snapshot, "SELECT x FROM DIGITALTWINS MATCH (a)-[:peer*3..10]->(x) WHERE a.$dtId = 'h0'").Items;

        Assert.Equal(["h1", "h2", "h3", "h4", "h5", "h6", "h7"], rows.Select(r => (string)r["x"]!["$dtId"]!));
    }

    [Fact]
    public void Match_ParallelRelationships_OneRowPerRelationshipButOnePerTwinForVariableLength()
    {
        var graph = new TwinGraph(Graph);
        graph.CreateOrReplaceRelationship("bldg2", "bldg2-floor3-again",
            JsonDocument.Parse("""{"$relationshipName":"hasFloor","$targetId":"floor3"}""").RootElement);
        var snapshot = graph.Snapshot();

        string[] Run(string q) => TwinQuery.Execute(snapshot, q).Items.Select(r => r.ToJsonString()).ToArray();

        Assert.Equal(["""{"$relationshipId":"bldg2-floor3"}""", """{"$relationshipId":"bldg2-floor3-again"}"""],
            Run("SELECT e.$relationshipId FROM DIGITALTWINS MATCH (b)-[e:hasFloor]->(f) WHERE b.$dtId = 'bldg2'"));
        Assert.Equal(2, Run("SELECT f.$dtId FROM DIGITALTWINS MATCH (b)-[:hasFloor]->(f) WHERE b.$dtId = 'bldg2'").Length);
        Assert.Equal(2, Run("SELECT F.$dtId FROM DIGITALTWINS B JOIN F RELATED B.hasFloor WHERE B.$dtId = 'bldg2'").Length);
        Assert.Equal(["""{"$dtId":"floor3"}""", """{"$dtId":"room301"}"""],
            Run("SELECT x.$dtId FROM DIGITALTWINS MATCH (b)-[*1..2]->(x) WHERE b.$dtId = 'bldg2'"));
    }
}
