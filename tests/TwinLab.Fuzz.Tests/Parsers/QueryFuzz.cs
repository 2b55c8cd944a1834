using TwinLab.Core.Query;
using TwinLab.Fuzz.Tests.Grammars;
using TwinLab.Fuzz.Tests.Harness;
using Xunit.Abstractions;

namespace TwinLab.Fuzz.Tests.Parsers;

/// <summary>The ADT query language (<see cref="TwinQuery.Parse"/> then <see cref="TwinQuery.Execute(Core.Twins.GraphSnapshot, ParsedQuery)"/>
/// on the building example): grammar-generated queries, and those and the tests' queries mutated.</summary>
[Trait("Parser", "query")]
public sealed class QueryFuzz(ITestOutputHelper output)
{
    private static readonly string[] Seeds =
    [
        "SELECT * FROM DIGITALTWINS",
        "SELECT * FROM DIGITALTWINS T WHERE T.name = 'Lobby'",
        "SELECT TOP(3) T.name AS n FROM DIGITALTWINS T WHERE T.level IN [1, 2]",
        "SELECT * FROM DIGITALTWINS T WHERE IS_OF_MODEL(T, 'dtmi:twinlab:example:Room;1') AND T.temperature > 21",
        "SELECT COUNT() FROM RELATIONSHIPS R WHERE R.$relationshipName = 'contains'",
        "SELECT B, R FROM DIGITALTWINS B JOIN R RELATED B.contains WHERE B.$dtId = 'hq'",
        "SELECT * FROM DIGITALTWINS MATCH (a)-[:contains*1..3]->(b) WHERE a.$dtId = 'hq'",
        "SELECT * FROM DIGITALTWINS T WHERE STARTSWITH(T.name, 'Room') OR NOT IS_DEFINED(T.area)",
        "SELECT T.$dtId FROM DIGITALTWINS T WHERE (T.area >= 10.5 AND T.area < 1e3) OR T.settings.supplySetpoint != 17",
    ];

    [Fact]
    public void AnyQuery_RunsOrReportsASyntaxOrQueryError() =>
        new Fuzzer(output).Check("query", Inputs.Text(Seeds, QueryGrammar.Tokens, QueryGrammar.Query), 1000,
            text => TwinQuery.Execute(BuildingGraph.Snapshot, TwinQuery.Parse(text)));
}
