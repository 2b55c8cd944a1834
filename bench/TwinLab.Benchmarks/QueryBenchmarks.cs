using BenchmarkDotNet.Attributes;
using TwinLab.Core.Query;
using TwinLab.Core.Twins;

namespace TwinLab.Benchmarks;

/// <summary>Queries over 100,000 twins and ~300,000 relationships (targets: WHERE &lt; 20 ms, 2-hop MATCH &lt; 200 ms).</summary>
[MemoryDiagnoser]
public class QueryBenchmarks
{
    private GraphSnapshot _snapshot = null!;

    [GlobalSetup]
    public void Setup()
    {
        var graph = SyntheticCampus.Build(100_000);
        _snapshot = graph.Snapshot();
        Console.WriteLine($"// graph: {_snapshot.Twins.Count} twins, {graph.RelationshipCount} relationships");
    }

    [Benchmark]
    public int WhereOnOneProperty() =>
        TwinQuery.Execute(_snapshot, "SELECT * FROM DIGITALTWINS T WHERE T.temperature > 27.5").Items.Count;

    [Benchmark]
    public int MatchTwoHops() =>
        TwinQuery.Execute(_snapshot, "SELECT r, s FROM DIGITALTWINS MATCH (b)-[:hasRoom]->(r)-[:hasSensor]->(s) WHERE r.temperature > 27.5").Items.Count;
}
