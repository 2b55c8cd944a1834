using System.Text.Json;
using TwinLab.Core.Models;
using TwinLab.Core.Twins;

namespace TwinLab.Benchmarks;

/// <summary>
/// A large synthetic estate for benchmarks: sites → buildings → rooms → sensors, with every room also
/// linked to a neighbouring room, so twins have ~3 relationships each on average.
/// </summary>
public static class SyntheticCampus
{
    public const string Models = """
    [
      { "@context": "dtmi:dtdl:context;3", "@id": "dtmi:bench:Site;1", "@type": "Interface",
        "contents": [ { "@type": "Property", "name": "name", "schema": "string" },
                      { "@type": "Relationship", "name": "hasBuilding", "target": "dtmi:bench:Building;1" } ] },
      { "@context": "dtmi:dtdl:context;3", "@id": "dtmi:bench:Building;1", "@type": "Interface",
        "contents": [ { "@type": "Property", "name": "name", "schema": "string" },
                      { "@type": "Relationship", "name": "hasRoom", "target": "dtmi:bench:Room;1" } ] },
      { "@context": "dtmi:dtdl:context;3", "@id": "dtmi:bench:Room;1", "@type": "Interface",
        "contents": [ { "@type": "Property", "name": "name", "schema": "string" },
                      { "@type": "Property", "name": "temperature", "schema": "double" },
                      { "@type": "Property", "name": "occupancy", "schema": "integer" },
                      { "@type": "Relationship", "name": "hasSensor", "target": "dtmi:bench:Sensor;1" },
                      { "@type": "Relationship", "name": "adjacentTo", "target": "dtmi:bench:Room;1" } ] },
      { "@context": "dtmi:dtdl:context;3", "@id": "dtmi:bench:Sensor;1", "@type": "Interface",
        "contents": [ { "@type": "Property", "name": "kind", "schema": "string" },
                      { "@type": "Property", "name": "reading", "schema": "double" } ] }
    ]
    """;

    /// <summary>Builds a graph with about <paramref name="twins"/> twins and 3× as many relationships.</summary>
    public static TwinGraph Build(int twins, int seed = 42)
    {
        var random = new Random(seed);
        var graph = new TwinGraph();
        graph.ImportModels([new DtdlSource(Models, "bench-models.json")]);
        // Shape: per building 1 + 25 rooms + 25*2 sensors = 76 twins; relationships per building:
        // 1 (site) + 25 hasRoom + 50 hasSensor + ~150 adjacentTo (6 per room) ≈ 226, i.e. ~3 per twin.
        var buildings = Math.Max(1, twins / 76);
        var sites = Math.Max(1, buildings / 20);
        for (var s = 0; s < sites; s++)
            graph.CreateOrReplaceTwin($"site-{s}", Body("""{"$metadata":{"$model":"dtmi:bench:Site;1"},"name":"Site"}"""));
        for (var b = 0; b < buildings; b++)
        {
            var building = $"b-{b}";
            graph.CreateOrReplaceTwin(building, Body("""{"$metadata":{"$model":"dtmi:bench:Building;1"},"name":"Building"}"""));
            Relate(graph, $"site-{b % sites}", building, "hasBuilding");
            for (var r = 0; r < 25; r++)
            {
                var room = $"{building}-r{r}";
                var temp = Math.Round(18 + random.NextDouble() * 10, 2);
                graph.CreateOrReplaceTwin(room, Body($$"""{"$metadata":{"$model":"dtmi:bench:Room;1"},"name":"Room {{r}}","temperature":{{temp}},"occupancy":{{random.Next(0, 12)}}}"""));
                Relate(graph, building, room, "hasRoom");
                for (var k = 0; k < 2; k++)
                {
                    var sensor = $"{room}-s{k}";
                    graph.CreateOrReplaceTwin(sensor, Body($$"""{"$metadata":{"$model":"dtmi:bench:Sensor;1"},"kind":"{{(k == 0 ? "temperature" : "co2")}}","reading":{{temp}}}"""));
                    Relate(graph, room, sensor, "hasSensor");
                }
            }
            for (var r = 0; r < 25; r++)
                for (var d = 1; d <= 6; d++)
                    Relate(graph, $"{building}-r{r}", $"{building}-r{(r + d) % 25}", "adjacentTo");
        }
        graph.TakeChanges();
        return graph;
    }

    private static void Relate(TwinGraph graph, string source, string target, string name) =>
        graph.CreateOrReplaceRelationship(source, $"{name}-{target}", Body($$"""{"$relationshipName":"{{name}}","$targetId":"{{target}}"}"""));

    private static JsonElement Body(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.Clone();
    }
}
