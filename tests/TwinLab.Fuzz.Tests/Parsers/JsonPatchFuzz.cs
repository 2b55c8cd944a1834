using System.Text.Json;
using TwinLab.Core.Application;
using TwinLab.Core.Twins;
using TwinLab.Fuzz.Tests.Harness;
using Xunit.Abstractions;

namespace TwinLab.Fuzz.Tests.Parsers;

/// <summary>
/// JSON Patch (<see cref="JsonPatchDocument.Parse(string)"/>, then <see cref="TwinGraph.UpdateTwin"/> on the building
/// example, validated against its models) and twin bodies (<see cref="TwinGraph.CreateOrReplaceTwin"/>) and graph files
/// (<see cref="GraphFile.Apply"/>, read by <c>twinlab run</c>'s <c>load:</c>).
/// </summary>
[Trait("Parser", "json-patch")]
public sealed class JsonPatchFuzz(ITestOutputHelper output)
{
    private static readonly string[] PatchSeeds =
    [
        """[{"op":"replace","path":"/name","value":"Main office"}]""",
        """[{"op":"add","path":"/area","value":5500.5},{"op":"remove","path":"/yearBuilt"}]""",
        """[{"op":"add","path":"/address","value":{"street":"1 Way","city":"Leeds","postcode":"LS1"}}]""",
        """[{"op":"replace","path":"/address/city","value":"York"},{"op":"add","path":"/a~1b~0c","value":[1,2,{"x":null}]}]""",
        """[{"op":"add","path":"/$metadata/$model","value":"dtmi:twinlab:example:Room;1"}]""",
    ];

    private static readonly IReadOnlyList<string> TwinIds = BuildingGraph.Snapshot.Twins.Keys.Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public void AnyPatch_AppliesOrReportsAnError()
    {
        new Fuzzer(output).Check("json-patch", Inputs.Json(PatchSeeds), 400, text =>
        {
            var ops = JsonPatchDocument.Parse(text);
            var graph = BuildingGraph.Fresh();
            // Every twin of the example, so the patch meets each model's schema (objects, maps, enums, components).
            foreach (var id in TwinIds) Try(() => graph.UpdateTwin(id, ops));
            // What was stored must be writable again, as the API and the event log write it.
            foreach (var twin in graph.Twins) TwinJson.ToJson(twin);
        });
    }

    [Fact]
    public void AnyTwinBody_IsStoredOrReportsAnError()
    {
        var twins = JsonDocument.Parse(Corpus.Files("examples/building/twins.json")[0]).RootElement.GetProperty("twins")
            .EnumerateArray().Select(t => t.GetRawText()).ToArray();
        new Fuzzer(output).Check("twin-body", Inputs.Json(twins), 800, text =>
        {
            using var doc = ParseJson(text);
            var graph = BuildingGraph.Fresh();
            var twin = graph.CreateOrReplaceTwin("fuzz", doc.RootElement);
            TwinJson.ToJson(twin);
        });
    }

    [Fact]
    public void AnyGraphFile_LoadsOrReportsAnError()
    {
        var seeds = Corpus.Files("examples/building/twins.json");
        new Fuzzer(output).Check("graph-file", Inputs.Json(seeds), 200, text =>
        {
            using var doc = ParseJson(text);
            GraphFile.Apply(BuildingGraph.Fresh(), doc.RootElement, "twins.json");
        });
    }

    /// <summary>Callers parse the body or file first and report malformed JSON themselves; that is not the graph's to handle.</summary>
    private static JsonDocument ParseJson(string text)
    {
        try
        {
            return JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            throw new Core.Errors.TwinLabException(Core.Errors.ErrorCodes.InvalidArgument, e.Message);
        }
    }

    // One twin refusing a patch (wrong type for its model) is a clear error; the next twin still gets the patch.
    private static void Try(Action write)
    {
        try
        {
            write();
        }
        catch (Core.Errors.TwinLabException)
        {
        }
    }
}
