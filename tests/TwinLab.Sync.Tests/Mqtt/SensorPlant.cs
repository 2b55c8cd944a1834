using System.Globalization;
using System.Text.Json;
using TwinLab.Core.Application;
using TwinLab.Core.Models;
using TwinLab.Storage.Sqlite;
using TwinLab.Sync.DeadLetters;
using TwinLab.Sync.Ingest;
using TwinLab.Sync.Mapping;

namespace TwinLab.Sync.Tests.Mqtt;

/// <summary>
/// A live twin for the MQTT intake tests: an SQLite file with a Sensor model (telemetry <c>temperature</c> and
/// <c>seq</c>), twins <c>sensor-0</c>…, and an <see cref="IngestPipeline"/> mapping <c>ROOT/{device}/telemetry</c>
/// messages <c>{"seq":n,"t":x}</c> to their telemetry, keyed by device and sequence number.
/// </summary>
internal sealed class SensorPlant : IAsyncDisposable
{
    public const string ModelId = "dtmi:twinlab:test:Sensor;1";

    private readonly string _directory;

    private SensorPlant(string directory, TwinService service, IngestPipeline pipeline)
    {
        _directory = directory;
        Service = service;
        Pipeline = pipeline;
    }

    public TwinService Service { get; }

    public IngestPipeline Pipeline { get; }

    public DeadLetterStore DeadLetters => Pipeline.DeadLetters;

    public static SensorPlant Create(string source, string topicRoot, int twins, IngestOptions? options = null)
    {
        var directory = Directory.CreateTempSubdirectory("twinlab-mqtt-intake-").FullName;
        var store = SqliteTwinStore.Open(Path.Combine(directory, "twin.db"));
        var service = new TwinService(store);
        service.Write(graph =>
        {
            graph.ImportModels([new DtdlSource($$$"""
                {"@id":"{{{ModelId}}}","@type":"Interface","@context":"dtmi:dtdl:context;3","contents":[
                  {"@type":"Telemetry","name":"temperature","schema":"double"},
                  {"@type":"Telemetry","name":"seq","schema":"long"}]}
                """, "sensor.json")]);
            using var body = JsonDocument.Parse($$$"""{"$metadata":{"$model":"{{{ModelId}}}"}}""");
            for (var i = 0; i < twins; i++) graph.CreateOrReplaceTwin(TwinId(i), body.RootElement);
        });
        var pipeline = new IngestPipeline(service, new DeadLetterStore(store), options);
        pipeline.SetMapping(source, MessageMapping.Parse($$"""
            rules:
              - topic: "{{topicRoot}}/{device}/telemetry"
                twin: "{device}"
                key: "{device}/{$.seq}"
                telemetry:
                  temperature: $.t
                  seq: $.seq
            """, "sensors.yaml"));
        return new SensorPlant(directory, service, pipeline);
    }

    public static string TwinId(int i) => "sensor-" + i.ToString(CultureInfo.InvariantCulture);

    public static string Payload(long seq, double t) =>
        string.Create(CultureInfo.InvariantCulture, $$"""{"seq":{{seq}},"t":{{t}}}""");

    /// <summary>The sequence numbers of every <c>seq</c> telemetry point of a twin, in stored order.</summary>
    public IReadOnlyList<long> SequencesOf(string twinId) =>
        [.. Service.ReadTelemetry(twinId, "seq", DateTimeOffset.MinValue, DateTimeOffset.MaxValue).Select(p => p.Value.GetInt64())];

    public async ValueTask DisposeAsync()
    {
        await Pipeline.DisposeAsync();
        Service.Dispose(); // closes the store
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
