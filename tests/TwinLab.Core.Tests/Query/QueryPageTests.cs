using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TwinLab.Core.Query;
using static TwinLab.Core.Tests.Query.QueryFixture;

namespace TwinLab.Core.Tests.Query;

/// <summary><see cref="TwinQuery.WritePage"/>: any window of the rows, in the same JSON as <see cref="TwinQuery.Execute(TwinLab.Core.Twins.GraphSnapshot, string)"/>.</summary>
public sealed class QueryPageTests
{
    public static TheoryData<string> Queries =>
    [
        "SELECT * FROM DIGITALTWINS",
        "SELECT * FROM DIGITALTWINS T WHERE T.temperature > 22",
        "SELECT * FROM DIGITALTWINS T WHERE T.name IN ['Lobby', 'Fjord', 'Glacier']",
        "SELECT T.name, T.thermostat, T.$metadata.temperature FROM DIGITALTWINS T WHERE IS_OF_MODEL(T, 'dtmi:twinlab:Room;1')",
        "SELECT TOP(4) * FROM DIGITALTWINS",
        "SELECT COUNT() FROM DIGITALTWINS",
        "SELECT * FROM RELATIONSHIPS R WHERE R.$relationshipName = 'servedBy'",
        "SELECT F, R FROM DIGITALTWINS F JOIN R RELATED F.hasRoom",
        "SELECT TOP(3) B, R FROM DIGITALTWINS MATCH (B)-[:hasFloor]->(F)-[:hasRoom]->(R)",
        "SELECT X FROM DIGITALTWINS MATCH (B)-[*1..3]->(X) WHERE B.$dtId = 'bldg1'",
    ];

    [Theory]
    [MemberData(nameof(Queries))]
    public void EveryWindow_IsThatSliceOfTheRows(string query)
    {
        var rows = Run(query).Select(r => r.ToJsonString()).ToArray();
        var parsed = TwinQuery.Parse(query);
        for (var skip = 0; skip <= rows.Length + 1; skip++)
            foreach (var take in new[] { 0, 1, 2, 5, 1000 })
            {
                var buffer = new ArrayBufferWriter<byte>();
                QueryPage page;
                using (var w = new Utf8JsonWriter(buffer))
                {
                    w.WriteStartArray();
                    page = TwinQuery.WritePage(Graph, parsed, w, skip, take);
                    w.WriteEndArray();
                }
                var expected = rows.Skip(skip).Take(take).ToArray();
                Assert.Equal(expected.Length, page.Count);
                Assert.Equal(skip + take < rows.Length, page.HasMore);
                Assert.Equal(new JsonArray(expected.Select(r => JsonNode.Parse(r)).ToArray()).ToJsonString(), Encoding.UTF8.GetString(buffer.WrittenSpan));
            }
    }

    [Fact]
    public void Parse_SameText_SameParsedQuery_AndBadTextStillThrows()
    {
        Assert.Same(TwinQuery.Parse("SELECT * FROM DIGITALTWINS T WHERE T.level = 2"), TwinQuery.Parse("SELECT * FROM DIGITALTWINS T WHERE T.level = 2"));
        Assert.Throws<QuerySyntaxException>(() => TwinQuery.Parse("SELECT * FROM NOWHERE"));
        Assert.Throws<QuerySyntaxException>(() => TwinQuery.Parse("SELECT * FROM NOWHERE"));
    }
}
