using System.Text.Json.Nodes;
using TwinLab.Fuzz.Tests.Grammars;
using TwinLab.Fuzz.Tests.Harness;
using TwinLab.Server.Events;
using TwinLab.Server.Routing;
using Xunit.Abstractions;

namespace TwinLab.Fuzz.Tests.Parsers;

/// <summary>Event-route filters (<see cref="RouteFilter.Parse"/>, then <see cref="RouteFilter.Matches"/> on a few
/// events): grammar-generated filters, and those and the documented examples mutated.</summary>
[Trait("Parser", "route-filter")]
public sealed class RouteFilterFuzz(ITestOutputHelper output)
{
    private static readonly string[] Seeds =
    [
        "subject = 'room1'",
        "type = 'Microsoft.DigitalTwins.Twin.Create' AND $body.temperature < 10 AND STARTS_WITH(subject, 'room')",
        "NOT (type = 'Microsoft.DigitalTwins.Twin.Delete') OR $body['modelId'] = 'dtmi:twinlab:example:Room;1'",
        "IS_DEFINED($body.patch) AND CONTAINS(source, 'twinlab') AND sequence >= 3",
        "ENDS_WITH(dataschema, ';1') OR branch != 'main'",
        "true",
    ];

    private static readonly TwinLabEvent[] Events =
    [
        new("1", TwinLabEventTypes.TwinCreate, "https://twinlab.local", "room1", DateTimeOffset.UnixEpoch,
            JsonNode.Parse("""{"$dtId":"room1","temperature":8.5,"modelId":"dtmi:twinlab:example:Room;1","tags":[1,"a",null]}"""))
            { DataSchema = "dtmi:twinlab:example:Room;1", TwinId = "room1", Branch = "main", Sequence = 3 },
        new("2", TwinLabEventTypes.TwinUpdate, "https://twinlab.local", "hq", DateTimeOffset.MaxValue,
            JsonNode.Parse("""{"modelId":"x","patch":[{"op":"replace","path":"/name","value":"\ud800"}]}""")),
        new("3", TwinLabEventTypes.TwinDelete, "", "", DateTimeOffset.MinValue, null),
    ];

    [Fact]
    public void AnyFilter_CompilesAndMatchesOrReportsAnError() =>
        new Fuzzer(output).Check("route-filter", Inputs.Text(Seeds, RouteFilterGrammar.Tokens, RouteFilterGrammar.Condition(4)), 1500, text =>
        {
            var filter = RouteFilter.Parse(text);
            foreach (var e in Events) filter.Matches(e);
        });
}
