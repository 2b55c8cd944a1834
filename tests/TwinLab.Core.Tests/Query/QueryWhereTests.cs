using System.Collections.Immutable;
using System.Text.Json;
using TwinLab.Core.Query;
using TwinLab.Core.Twins;
using static TwinLab.Core.Tests.Query.QueryFixture;

namespace TwinLab.Core.Tests.Query;

public sealed class QueryWhereTests
{
    private const string Rooms = "SELECT * FROM DIGITALTWINS T WHERE ";

    [Theory]
    [InlineData("T.temperature > 25", "room102,room202")]
    [InlineData("T.temperature >= 26", "room102,room202")]
    [InlineData("T.temperature < 24", "room101")]
    [InlineData("T.temperature <= 24", "room101,room201")]
    [InlineData("T.temperature = 24", "room201")]
    [InlineData("T.temperature != 24", "room101,room102,room202")]
    [InlineData("T.temperature <> 24", "room101,room102,room202")]
    [InlineData("25 < T.temperature", "room102,room202")]
    [InlineData("T.area = 1.205e2", "room101")]
    [InlineData("T.level > -1 AND T.level < 1.5", "floor1,floor3")]
    public void Where_NumericComparison_ComparesNumerically(string where, string expected)
    {
        Assert.Equal(expected.Split(','), Ids(Rooms + where));
    }

    [Theory]
    [InlineData("T.name < 'G'", "bldg2,floor2,floor3,hvac1,hvac2,room102")]
    [InlineData("T.name >= 'Open Office'", "room201,room301")]
    [InlineData("T.name = \"HQ\"", "bldg1")]
    [InlineData("T.name = 'Storage \\'B\\''", "room301")]
    [InlineData("T.name = \"Storage 'B'\"", "room301")]
    [InlineData("T.note = 'keys at \"reception\"'", "room301")]
    [InlineData("T.note = \"keys at \\\"reception\\\"\"", "room301")]
    [InlineData("T.name = 'A\\u0048U-1'", "hvac1")]
    public void Where_StringComparison_ComparesOrdinallyWithEscapes(string where, string expected)
    {
        Assert.Equal(expected.Split(','), Ids(Rooms + where));
    }

    [Theory]
    [InlineData("T.occupied = true", "room101,room201")]
    [InlineData("T.occupied = false", "room102,room301")]
    [InlineData("T.occupied != true", "room102,room301")]
    [InlineData("T.occupied", "room101,room201")]
    public void Where_BooleanComparison_MatchesBooleans(string where, string expected)
    {
        Assert.Equal(expected.Split(','), Ids(Rooms + where));
    }

    [Theory]
    [InlineData("T.name = 1")]
    [InlineData("T.level = '1'")]
    [InlineData("T.temperature > '20'")]
    [InlineData("T.occupied > false")]
    [InlineData("T.missing = null")]
    [InlineData("T.missing != 3")]
    [InlineData("T.address > 1")]
    [InlineData("false")]
    public void Where_DifferentTypesOrUndefined_ComparesFalse(string where)
    {
        Assert.Empty(Ids(Rooms + where));
    }

    [Fact]
    public void Where_AndOrParentheses_CombineConditions()
    {
        var ids = Ids(Rooms + "IS_OF_MODEL(T, 'dtmi:twinlab:Room;1') AND (T.temperature > 26 OR T.area >= 120.5)");

        Assert.Equal(["room101", "room201", "room202"], ids);
    }

    [Fact]
    public void Where_AndBindsTighterThanOr_FollowsPrecedence()
    {
        Assert.Equal(["floor1", "floor2"], Ids(Rooms + "T.level = 2 OR T.level = 1 AND T.name = 'Ground'"));
        Assert.Equal(["floor1"], Ids(Rooms + "(T.level = 2 OR T.level = 1) AND T.name = 'Ground'"));
    }

    [Fact]
    public void Where_Not_NegatesTheCondition()
    {
        // room202 has no 'occupied': the comparison is false, so NOT makes it true.
        Assert.Equal(["room101", "room201", "room202"],
            Ids(Rooms + "IS_OF_MODEL(T, 'dtmi:twinlab:Room;1') AND NOT T.occupied = false"));
        Assert.Equal(["room301"], Ids(Rooms + "IS_OF_MODEL(T, 'dtmi:twinlab:Room;1') AND NOT (IS_DEFINED(T.temperature))"));
        Assert.Equal(["room301"], Ids(Rooms + "NOT NOT T.mode = 'x' OR T.thermostat.mode = 'off'"));
    }

    [Theory]
    [InlineData("T.name IN ['HQ', 'Annex']", "bldg1,bldg2")]
    [InlineData("T.level IN (1)", "floor1,floor3")]
    [InlineData("T.level IN [1, 2, 'x', null, true]", "floor1,floor2,floor3")]
    [InlineData("T.level NIN [1]", "floor2")]
    [InlineData("T.level NOT IN [1]", "floor2")]
    [InlineData("T.$dtId IN ['hvac2', 'nope', 'bldg1']", "bldg1,hvac2")]
    [InlineData("T.$dtId NIN ['bldg1','bldg2','floor1','floor2','floor3','hvac1','hvac2','room101','room102','room201']", "room202,room301")]
    public void Where_InAndNin_TestMembership(string where, string expected)
    {
        Assert.Equal(expected.Split(','), Ids(Rooms + where));
    }

    [Fact]
    public void Where_InEmptyList_MatchesNothing()
    {
        Assert.Empty(Ids(Rooms + "T.name IN []"));
    }

    [Theory]
    [InlineData("T.address.city = 'Oslo'", "bldg1")]
    [InlineData("T.dimensions.length > 10", "room101")]
    [InlineData("T.tags.zone = 'private'", "room102,room202")]
    [InlineData("T.tags.av = 'yes'", "room102")]
    [InlineData("T.thermostat.setpoint >= 22", "room102,room201")]
    [InlineData("T.thermostat.mode = 'off'", "room301")]
    [InlineData("T.$metadata.$model = 'dtmi:twinlab:MeetingRoom;1'", "room102,room202")]
    [InlineData("T.$dtId = 'hvac1'", "hvac1")]
    public void Where_Paths_ReachObjectsMapsComponentsAndMetadata(string where, string expected)
    {
        Assert.Equal(expected.Split(','), Ids(Rooms + where));
    }

    [Fact]
    public void Where_LastUpdateTimes_CompareAsStrings()
    {
        // Twins are created a minute apart; the HVAC units are the last two.
        var afterRooms = TwinJson.Format(Start.AddMinutes(9));
        var room101Created = TwinJson.Format(Start.AddMinutes(5));

        Assert.Equal(["hvac1", "hvac2"], Ids(Rooms + $"T.$metadata.$lastUpdateTime > '{afterRooms}'"));
        Assert.Equal(["room101"], Ids(Rooms + $"T.$metadata.temperature.lastUpdateTime = '{room101Created}'"));
        Assert.Equal(["room101"], Ids(Rooms + $"T.thermostat.$metadata.setpoint.lastUpdateTime = '{room101Created}'"));
        Assert.Equal(["room101"], Ids(Rooms + $"T.thermostat.$metadata.$lastUpdateTime = '{room101Created}'"));
    }

    [Fact]
    public void Where_Etag_MatchesTheTwinsEtag()
    {
        var etag = Graph.Twins["hvac2"].ETag;

        Assert.Equal(["hvac2"], Ids(Rooms + $"T.$etag = '{etag.Replace("\"", "\\\"")}'"));
    }

    [Theory]
    [InlineData("IS_OF_MODEL('dtmi:twinlab:Room;1')", "room101,room102,room201,room202,room301")]
    [InlineData("IS_OF_MODEL('dtmi:twinlab:Room;1', exact)", "room101,room201,room301")]
    [InlineData("IS_OF_MODEL(T, 'dtmi:twinlab:Room;1', EXACT)", "room101,room201,room301")]
    [InlineData("IS_OF_MODEL(T, 'dtmi:twinlab:MeetingRoom;1')", "room102,room202")]
    [InlineData("IS_OF_MODEL(T, 'dtmi:twinlab:Building;1') OR IS_OF_MODEL(T, 'dtmi:twinlab:HvacUnit;1')", "bldg1,bldg2,hvac1,hvac2")]
    public void Where_IsOfModel_HonoursInheritanceUnlessExact(string where, string expected)
    {
        Assert.Equal(expected.Split(','), Ids(Rooms + where));
    }

    [Fact]
    public void Where_IsOfModelUnknownModel_MatchesNothing()
    {
        Assert.Empty(Ids(Rooms + "IS_OF_MODEL('dtmi:twinlab:Nope;1')"));
    }

    [Theory]
    [InlineData("IS_DEFINED(T.temperature)", "room101,room102,room201,room202")]
    [InlineData("IS_DEFINED(T.thermostat.$metadata.setpoint)", "room101,room102,room201")]
    [InlineData("IS_BOOL(T.occupied)", "room101,room102,room201,room301")]
    [InlineData("IS_NUMBER(T.level)", "floor1,floor2,floor3")]
    [InlineData("IS_STRING(T.address.city)", "bldg1,bldg2")]
    [InlineData("IS_PRIMITIVE(T.capacity)", "room102,room202")]
    [InlineData("IS_OBJECT(T.address)", "bldg1,bldg2")]
    [InlineData("IS_OBJECT(T.thermostat) AND NOT IS_DEFINED(T.thermostat.setpoint)", "room202,room301")]
    [InlineData("STARTSWITH(T.name, 'AHU')", "hvac1,hvac2")]
    [InlineData("ENDSWITH(T.name, 'ground')", "floor3")]
    [InlineData("CONTAINS(T.name, 'nn')", "bldg2,floor3")]
    [InlineData("CONTAINS(T.$dtId, '20')", "room201,room202")]
    [InlineData("ARRAY_CONTAINS(T.features, 'wifi')", "room101,room102")]
    [InlineData("ARRAY_CONTAINS(T.features, 'projector')", "room102")]
    [InlineData("is_defined(T.capacity) and startswith(T.name, 'G')", "room202")]
    public void Where_Functions_TestValues(string where, string expected)
    {
        Assert.Equal(expected.Split(','), Ids(Rooms + where));
    }

    [Theory]
    [InlineData("IS_PRIMITIVE(T.address)")]
    [InlineData("IS_OBJECT(T.features)")]
    [InlineData("IS_NULL(T.name)")]
    [InlineData("CONTAINS(T.name, 'annex')")]
    [InlineData("STARTSWITH(T.level, '1')")]
    [InlineData("ARRAY_CONTAINS(T.features, 1)")]
    [InlineData("ARRAY_CONTAINS(T.name, 'HQ')")]
    public void Where_FunctionsOnOtherTypes_AreFalse(string where)
    {
        Assert.Empty(Ids(Rooms + where));
    }

    [Fact]
    public void Where_IsStringAndIsPrimitive_HoldForEveryName()
    {
        Assert.Equal(AllTwinIds, Ids(Rooms + "IS_STRING(T.name) AND IS_PRIMITIVE(T.name) AND IS_OBJECT(T)"));
    }

    [Fact]
    public void Where_NullValues_MatchIsNullAndNullLiteral()
    {
        // Property values cannot be null through the validated API; build a twin directly as a store might load it.
        var twin = TwinJson.ReadTwin(JsonDocument.Parse("""
            {"$dtId":"legacy","$etag":"W/\"1\"","note":null,"name":"old",
             "$metadata":{"$model":"dtmi:twinlab:Room;1","$lastUpdateTime":"2024-01-01T00:00:00.0000000Z"}}
            """).RootElement);
        var graph = Graph with { Twins = Graph.Twins.SetItem(twin.Id, twin) };

        string[] Query(string where) => TwinQuery.Execute(graph, Rooms + where).Items.Select(r => (string)r["$dtId"]!).ToArray();

        Assert.Equal(["legacy"], Query("IS_NULL(T.note)"));
        Assert.Equal(["legacy"], Query("T.note = null"));
        Assert.Equal(["legacy"], Query("IS_PRIMITIVE(T.note) AND IS_DEFINED(T.note) AND NOT IS_STRING(T.note)"));
        // Different types compare false under every operator, != included.
        Assert.Empty(Query("T.note != null"));
        Assert.Equal(["room301"], Query("T.note != 'x'"));
        var row = TwinQuery.Execute(graph, "SELECT T.note, T.name FROM DIGITALTWINS T WHERE T.$dtId = 'legacy'").Items.Single();
        Assert.Equal("""{"note":null,"name":"old"}""", row.ToJsonString());
    }

    [Fact]
    public void Where_PinnedIdThatDoesNotExist_ReturnsNothing()
    {
        Assert.Empty(Ids(Rooms + "T.$dtId = 'ghost'"));
        Assert.Equal(["room101"], Ids(Rooms + "'room101' = T.$dtId AND T.area > 100"));
        Assert.Empty(Ids(Rooms + "T.$dtId = 'room101' AND T.area < 100"));
    }

    [Fact]
    public void Where_FiftyAndTerms_IsAccepted()
    {
        var terms = string.Join(" AND ", Enumerable.Range(0, 51).Select(_ => "T.level >= 1"));

        Assert.Equal(["floor1", "floor2", "floor3"], Ids(Rooms + terms));
    }

    [Fact]
    public void Where_FiftyInItems_IsAccepted()
    {
        var items = string.Join(", ", Enumerable.Range(0, 49).Select(i => $"'x{i}'").Append("'hvac1'"));

        Assert.Equal(["hvac1"], Ids(Rooms + $"T.$dtId IN [{items}]"));
    }

    [Fact]
    public void Where_UnpinnedScanOverManyTwins_ReturnsSortedMatches()
    {
        var graph = new TwinGraph(GraphSnapshot.Empty with { Models = QueryFixture.Models });
        for (var i = 999; i >= 0; i--)
            graph.CreateOrReplaceTwin($"r{i:D4}", JsonDocument.Parse(
                $$"""{"$metadata":{"$model":"{{RoomId}}"},"temperature":{{i % 50}},"thermostat":{"$metadata":{} } }""").RootElement);

        var rows = TwinQuery.Execute(graph.Snapshot(), "SELECT * FROM DIGITALTWINS T WHERE T.temperature > 47").Items;

        var ids = rows.Select(r => (string)r["$dtId"]!).ToArray();
        Assert.Equal(40, ids.Length);
        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
        Assert.All(rows, r => Assert.True((double)r["temperature"]! > 47));
    }

    [Fact]
    public void Where_ComparingTwoPaths_ComparesValues()
    {
        Assert.Equal(["room101", "room102", "room201"], Ids(Rooms + "T.temperature > T.thermostat.setpoint"));
        Assert.Empty(Ids(Rooms + "T.temperature < T.thermostat.setpoint"));
        Assert.Equal(["room102"], Ids(Rooms + "T.tags.zone = T.tags.zone AND T.tags.av = 'yes'"));
    }
}
