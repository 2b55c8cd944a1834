using System.Text;
using CsCheck;
using TwinLab.Fuzz.Tests.Harness;
using TwinLab.Sync.Drift.Expectations;
using TwinLab.Sync.Files;
using TwinLab.Sync.Ingest;
using TwinLab.Sync.Mapping;
using Xunit.Abstractions;

namespace TwinLab.Fuzz.Tests.Parsers;

/// <summary>Live sync: mapping YAML (<see cref="MessageMapping.Parse"/>), drift expectations YAML, MQTT and HTTP payloads mapped by the examples'
/// mappings (<see cref="MessageMapping.Map"/>), and CSV / NDJSON data files (<see cref="DataFileReader"/>).</summary>
public sealed class SyncFuzz(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Received = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact, Trait("Parser", "mapping-yaml")]
    public void AnyMapping_IsReadOrReportsTheLine() =>
        new Fuzzer(output).Check("mapping-yaml", Inputs.Yaml(Corpus.Files("examples/sync/*.yaml", "examples/drift/rooms.yaml")), 600,
            text => MessageMapping.Parse(text, "fuzz.yaml"));

    [Fact, Trait("Parser", "drift-yaml")]
    public void AnyDriftExpectations_AreReadOrReportTheLine() =>
        new Fuzzer(output).Check("drift-yaml", Inputs.Yaml(Corpus.Files("examples/drift/rooms.yaml")), 400,
            text => ExpectationsFile.Parse(text, "rooms", "fuzz.yaml"));

    [Fact, Trait("Parser", "mqtt-payload")]
    public void AnyPayload_IsMappedOrDeadLettered()
    {
        // hq-mqtt.txt holds the example's messages as "topic payload" lines.
        var mapping = MessageMapping.Load(Path.Combine(Corpus.Root, "examples", "sync", "hq-mqtt.yaml"));
        var messages = Corpus.Files("examples/sync/hq-mqtt.txt")[0].Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => !l.StartsWith('#') && l.Contains(' ')).Select(l => (Topic: l[..l.IndexOf(' ')], Payload: l[(l.IndexOf(' ') + 1)..])).ToArray();
        var payloads = messages.Select(m => m.Payload).ToArray();
        var topics = messages.Select(m => m.Topic).Concat(["", "#", "+", "a/b/c/d/e/f", "hq/\u0000/x", "//", new string('/', 1000)]).ToArray();
        var cases = Gen.Select(Inputs.Json(payloads), Gen.Int[0, topics.Length - 1], (payload, topic) => topics[topic] + "\n" + payload);
        new Fuzzer(output).Check("mqtt-payload", cases, 1000, text =>
        {
            var cut = text.IndexOf('\n');
            var message = new InboundMessage("fuzz", text[..cut], Wire.Bytes(text[(cut + 1)..]), "0", Received);
            mapping.KeyOf(message);
            mapping.Map(message);
        });
    }

    [Fact, Trait("Parser", "data-file")]
    public void AnyDataFile_IsFramedAndMappedOrReportsTheLine()
    {
        var csvMapping = MessageMapping.Load(Path.Combine(Corpus.Root, "examples", "sync", "ward3-bp.yaml"));
        var ndjsonMapping = MessageMapping.Load(Path.Combine(Corpus.Root, "examples", "sync", "ward3-monitors.yaml"));
        var csv = Corpus.Files("examples/sync/ward3-bp.csv");
        var ndjson = Corpus.Files("examples/sync/ward3-monitors.ndjson");
        var cases = Gen.Frequency((1, Inputs.Csv(csv).Select(t => "c" + t)), (1, TextMutator.Mutate(ndjson, Tokens.Json).Select(t => "n" + t)));
        new Fuzzer(output).Check("data-file", cases, 300, text =>
        {
            var isCsv = text[0] == 'c';
            var reader = isCsv
                ? new DataFileReader("fuzz.csv", DataFileFormat.Csv, csvMapping, "fuzz", TimeProvider.System)
                : new DataFileReader("fuzz.ndjson", DataFileFormat.Ndjson, ndjsonMapping, "fuzz", TimeProvider.System);
            using var stream = new MemoryStream(Wire.Bytes(text[1..]));
            foreach (var file in reader.Read(stream, 0, 1, toEnd: true))
            {
                // A line the mapping cannot use is a poison message: MappingException, dead-lettered by the pipeline.
                try
                {
                    (isCsv ? csvMapping : ndjsonMapping).Map(file.Message);
                }
                catch (MappingException)
                {
                }
            }
        });
    }
}
