using System.Text.Json;
using TwinLab.Core.Query;
using TwinLab.Core.Twins;

namespace TwinLab.Core.Tests.Query;

/// <summary>
/// A graph large enough for the cached read views (sorted twins, adjacency arrays): they start building at the second
/// query on the same snapshot and serve the queries after that. Every query runs three times (dictionaries, dictionaries
/// while the views build, views) and must give the same rows each time, equal to a brute-force answer.
/// </summary>
public sealed class QueryLargeGraphTests
{
    private const int N = 6000;

    private static readonly GraphSnapshot Graph = Build();

    private static string Id(int i) => $"t{i:D4}";

    private static GraphSnapshot Build()
    {
        var time = DateTimeOffset.UnixEpoch;
        var twins = new List<Twin>();
        var relationships = new List<Relationship>();
        // Created in a scrambled order so that dictionary order and id order differ.
        for (var k = 0; k < N; k++)
        {
            var i = (int)((k * 7919L) % N);
            twins.Add(new Twin
            {
                Id = Id(i),
                ModelId = i % 10 == 0 ? QueryFixture.MeetingRoomId : QueryFixture.RoomId,
                ETag = "W/\"1\"",
                LastUpdateTime = time,
                Properties = Capacity(i, SmallMap<TwinProperty>.Empty
                    .SetItem("temperature", new TwinProperty(JsonSerializer.SerializeToElement(i % 40), time))
                    .SetItem("name", new TwinProperty(JsonSerializer.SerializeToElement($"room {i}"), time))),
            });
            relationships.Add(Rel(i, "next", (i + 1) % N));
            relationships.Add(Rel(i, "jump", (int)((i * 7L + 3) % N)));
        }
        return GraphSnapshotFactory.Build(QueryFixture.Models.Entries, twins, relationships, 1);

        // Meeting rooms (every tenth twin) have a capacity; every seventh of those holds it as a string.
        SmallMap<TwinProperty> Capacity(int i, SmallMap<TwinProperty> props) => i % 10 != 0 ? props
            : props.SetItem("capacity", new TwinProperty(i % 70 == 0 ? JsonSerializer.SerializeToElement("many") : JsonSerializer.SerializeToElement(i % 7), time));

        static Relationship Rel(int from, string name, int to) => new()
        {
            Id = $"{name}-{from}", SourceId = Id(from), TargetId = Id(to), Name = name, ETag = "W/\"1\"",
        };
    }

    private static string[] RunThrice(string query)
    {
        var parsed = TwinQuery.Parse(query);
        var runs = new string[3][];
        for (var i = 0; i < runs.Length; i++)
        {
            runs[i] = TwinQuery.Execute(Graph, parsed).Items.Select(r => r.ToJsonString()).ToArray();
            Assert.True(SnapshotIndexes.WhenBuilt(Graph).Wait(TimeSpan.FromSeconds(30)));
        }
        Assert.Equal(runs[0], runs[1]);
        Assert.Equal(runs[0], runs[2]);
        return runs[0];
    }

    private static double Temperature(int i) => i % 40;

    [Fact]
    public void Scan_RepeatedOnLargeGraph_ReturnsSameSortedRows()
    {
        var rows = RunThrice("SELECT T.$dtId FROM DIGITALTWINS T WHERE T.temperature > 37");

        var expected = Enumerable.Range(0, N).Where(i => Temperature(i) > 37).Select(i => $$"""{"$dtId":"{{Id(i)}}"}""").ToArray();
        Assert.Equal(expected, rows);
    }

    [Fact]
    public void ScanTop_RepeatedOnLargeGraph_ReturnsFirstMatchesById()
    {
        var rows = RunThrice("SELECT TOP(3) T.$dtId FROM DIGITALTWINS T WHERE IS_OF_MODEL(T, 'dtmi:twinlab:MeetingRoom;1', exact)");

        Assert.Equal(["""{"$dtId":"t0000"}""", """{"$dtId":"t0010"}""", """{"$dtId":"t0020"}"""], rows);
    }

    [Fact]
    public void ScanStar_RepeatedOnLargeGraph_MatchesTwinJson()
    {
        var rows = RunThrice("SELECT * FROM DIGITALTWINS T WHERE T.temperature = 39 AND T.$dtId < 't0100'");

        Assert.Equal(new[] { "t0039", "t0079" }.Select(id => TwinJson.ToJson(Graph.Twins[id])), rows);
    }

    [Fact]
    public void Count_RepeatedOnLargeGraph_CountsAll()
    {
        Assert.Equal($$"""{"COUNT":{{N}}}""", Assert.Single(RunThrice("SELECT COUNT() FROM DIGITALTWINS")));
        Assert.Equal($$"""{"COUNT":{{2 * N}}}""", Assert.Single(RunThrice("SELECT COUNT() FROM DIGITALTWINS MATCH (a)-[]->(b)")));
    }

    [Fact]
    public void Match_TwoHopsWithFilterRepeatedOnLargeGraph_EqualsBruteForce()
    {
        var rows = RunThrice(
            "SELECT a.$dtId AS a, c.$dtId AS c FROM DIGITALTWINS MATCH (a)-[:jump]->(b)-[:next]->(c) " +
            "WHERE a.temperature IN [5, 6] AND c.temperature < 10");

        var expected = Enumerable.Range(0, N)
            .Where(i => Temperature(i) is 5 or 6)
            .Select(i => (a: i, c: (int)(((i * 7L + 3) % N + 1) % N)))
            .Where(p => Temperature(p.c) < 10)
            .Select(p => $$"""{"a":"{{Id(p.a)}}","c":"{{Id(p.c)}}"}""")
            .ToArray();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, rows);
    }

    [Fact]
    public void Match_UndirectedAndReverseRepeatedOnLargeGraph_ReturnSortedNeighbours()
    {
        var both = RunThrice("SELECT x.$dtId FROM DIGITALTWINS MATCH (a)-[]-(x) WHERE a.$dtId = 't0100'");
        var reverse = RunThrice("SELECT x.$dtId FROM DIGITALTWINS MATCH (a)<-[:jump]-(x) WHERE a.$dtId = 't0703'");

        // t0100: next → t0101, jump → t0703, next ← t0099, jump ← i with 7i+3 ≡ 100 (mod 6000).
        var jumpers = Enumerable.Range(0, N).Where(i => (i * 7L + 3) % N == 100).Select(Id);
        var expected = new[] { "t0101", "t0703", "t0099" }.Concat(jumpers).Order(StringComparer.Ordinal).Select(id => $$"""{"$dtId":"{{id}}"}""");
        Assert.Equal(expected, both);
        Assert.Equal(["""{"$dtId":"t0100"}"""], reverse);
    }

    [Fact]
    public void Match_VariableLengthRepeatedOnLargeGraph_FollowsChain()
    {
        var rows = RunThrice("SELECT x.$dtId FROM DIGITALTWINS MATCH (a)-[:next*2..4]->(x) WHERE a.$dtId = 't5998'");

        Assert.Equal(["""{"$dtId":"t0000"}""", """{"$dtId":"t0001"}""", """{"$dtId":"t0002"}"""], rows);
    }

    [Fact]
    public void RelationshipScan_RepeatedOnLargeGraph_OrdersBySourceThenId()
    {
        var rows = RunThrice("SELECT R.$relationshipId FROM RELATIONSHIPS R WHERE R.$targetId = 't0001'");

        Assert.Equal(["""{"$relationshipId":"next-0"}"""], rows.Take(1));
    }

    [Theory]
    [InlineData("SELECT * FROM DIGITALTWINS T WHERE T.temperature > 38")]
    [InlineData("SELECT TOP(7) T.name FROM DIGITALTWINS T WHERE T.temperature < 2")]
    [InlineData("SELECT a.$dtId AS a, b.$dtId AS b FROM DIGITALTWINS MATCH (a)-[:jump]->(b) WHERE b.temperature = 0")]
    [InlineData("SELECT TOP(20) a.$dtId AS a, x.$dtId AS x FROM DIGITALTWINS MATCH (a)-[]-(x) WHERE a.temperature = 3")]
    [InlineData("SELECT COUNT() FROM DIGITALTWINS A JOIN B RELATED A.next JOIN C RELATED B.jump WHERE C.temperature > 30")]
    [InlineData("SELECT x.$dtId FROM DIGITALTWINS MATCH (a)-[:jump*2]->(x) WHERE a.temperature = 7 AND x.temperature = 7")]
    [InlineData("SELECT T.$dtId, T.capacity FROM DIGITALTWINS T WHERE T.capacity != 3")]
    [InlineData("SELECT COUNT() FROM DIGITALTWINS T WHERE 3 >= T.capacity AND T.temperature < 30")]
    [InlineData("SELECT TOP(5) T.$dtId FROM DIGITALTWINS T WHERE T.capacity = 1")]
    [InlineData("SELECT a.$dtId AS a, b.$dtId AS b FROM DIGITALTWINS MATCH (a)-[:next]->(b) WHERE a.capacity <= 1")]
    [InlineData("SELECT * FROM DIGITALTWINS T WHERE T.capacity = 'many'")]
    [InlineData("SELECT T.$dtId FROM DIGITALTWINS T WHERE T.name IN ['room 4', 'room 5999', 'room 12', 'nobody'] AND T.temperature > 4")]
    [InlineData("SELECT COUNT() FROM DIGITALTWINS T WHERE 'many' = T.capacity")]
    [InlineData("SELECT TOP(3) T.$dtId FROM DIGITALTWINS T WHERE T.capacity IN ['many'] AND IS_OF_MODEL(T, 'dtmi:twinlab:MeetingRoom;1')")]
    public async Task Views_FreshSnapshot_GiveTheSameRowsAsTheDictionaries(string query)
    {
        var graph = Build();
        var parsed = TwinQuery.Parse(query);

        var first = TwinQuery.Execute(graph, parsed).Items.Select(r => r.ToJsonString()).ToArray();
        var second = TwinQuery.Execute(graph, parsed).Items.Select(r => r.ToJsonString()).ToArray();
        await SnapshotIndexes.WhenBuilt(graph).WaitAsync(TimeSpan.FromSeconds(30));
        var third = TwinQuery.Execute(graph, parsed).Items.Select(r => r.ToJsonString()).ToArray();

        Assert.NotEmpty(first);
        Assert.Equal(first, second);
        Assert.Equal(first, third);
    }

    [Fact]
    public void StringLookup_RepeatedOnLargeGraph_EqualsBruteForce()
    {
        var many = RunThrice("SELECT T.$dtId FROM DIGITALTWINS T WHERE T.capacity = 'many'");
        var names = RunThrice("SELECT T.$dtId FROM DIGITALTWINS T WHERE T.name IN ['room 4001', 'room 7', 'room 7', 'nobody', 'room 12'] AND NOT T.temperature = 12");
        var top = RunThrice("SELECT TOP(2) T.$dtId FROM DIGITALTWINS T WHERE T.capacity = 'many'");
        var count = RunThrice("SELECT COUNT() FROM DIGITALTWINS T WHERE T.capacity IN ['many', 'few']");

        // Every seventieth twin holds capacity "many"; numbers 'many' never equals, nor a missing property.
        var expected = Enumerable.Range(0, N).Where(i => i % 70 == 0).Select(i => $$"""{"$dtId":"{{Id(i)}}"}""").ToArray();
        Assert.Equal(expected, many);
        Assert.Equal(["""{"$dtId":"t0007"}""", """{"$dtId":"t4001"}"""], names);
        Assert.Equal(expected.Take(2), top);
        Assert.Equal($$"""{"COUNT":{{expected.Length}}}""", Assert.Single(count));
        Assert.Empty(RunThrice("SELECT T.$dtId FROM DIGITALTWINS T WHERE T.temperature = '7'"));
    }

    [Fact]
    public void NumericColumn_MissingAndNonNumericValues_CompareFalse()
    {
        var notThree = RunThrice("SELECT T.$dtId FROM DIGITALTWINS T WHERE T.capacity != 3");
        var anyNumber = RunThrice("SELECT T.$dtId FROM DIGITALTWINS T WHERE IS_NUMBER(T.capacity)");
        var three = RunThrice("SELECT T.$dtId FROM DIGITALTWINS T WHERE T.capacity = 3");

        // Only numeric capacities take part: 600 meeting rooms, 86 of them hold "many".
        Assert.Equal(600 - 86, anyNumber.Length);
        Assert.Equal(anyNumber.Except(three), notThree);
        Assert.Empty(RunThrice("SELECT T.$dtId FROM DIGITALTWINS T WHERE T.name > 0"));
    }
}
