using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using TwinLab.Core.Application;
using TwinLab.Core.Models;
using TwinLab.Storage.Sqlite;
using TwinLab.Sync.DeadLetters;
using TwinLab.Sync.Ingest;
using TwinLab.Sync.Mapping;

namespace TwinLab.Benchmarks;

/// <summary>
/// The live-sync intake: small sensor messages (°F converted to °C, a Unix-millisecond timestamp) mapped and committed
/// through <see cref="IngestPipeline"/> into a fresh SQLite file, 1,000 twins, keys by hash of topic and payload; and the
/// mapping alone (per message, on the submitting thread).
/// </summary>
/// <remarks>Few iterations: each pipeline iteration commits 20,000 messages (a second or more), so the usual dozens
/// would take long without narrowing the figure much.</remarks>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class IngestPipelineBenchmarks
{
    private const int Messages = 20_000;
    private const int Twins = 1_000;

    private const string Model = """
        { "@context": "dtmi:dtdl:context;3", "@id": "dtmi:bench:Sensor;1", "@type": "Interface",
          "contents": [ { "@type": "Telemetry", "name": "temperature", "schema": "double" },
                        { "@type": "Telemetry", "name": "humidity", "schema": "double" } ] }
        """;

    private static readonly MessageMapping Mapping = MessageMapping.Parse("""
        rules:
          - topic: plant/{site}/{device}/telemetry
            twin: "{device}"
            timestamp: { path: $.ts, format: unix-ms }
            telemetry:
              temperature: { path: $.t, from: degF, to: degC }
              humidity: $.h
        """, "bench.yaml");

    private InboundMessage[] _messages = [];
    private string _path = "";
    private TwinService _service = null!;
    private int _round;

    /// <summary>Maximum messages per commit.</summary>
    [Params(500, 2_000)]
    public int MaxBatch { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _path = Path.Combine(Path.GetTempPath(), $"twinlab-ingest-bench-{Guid.NewGuid():N}.db");
        _service = new TwinService(SqliteTwinStore.Open(_path));
        _service.Write(g =>
        {
            g.ImportModels([new DtdlSource(Model, "Sensor.json")]);
            using var body = JsonDocument.Parse("""{"$metadata":{"$model":"dtmi:bench:Sensor;1"}}""");
            for (var i = 0; i < Twins; i++) g.CreateOrReplaceTwin($"s{i}", body.RootElement);
        });
        _messages = Build(0);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _service.Dispose();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(_path + suffix);
    }

    /// <summary>Each round sends new messages (new timestamps, so new keys): nothing is a duplicate.</summary>
    [IterationSetup(Target = nameof(Pipeline))]
    public void NextRound() => _messages = Build(++_round);

    /// <summary>One message per operation: submitted from two producers, committed, acknowledged.</summary>
    [Benchmark(OperationsPerInvoke = Messages)]
    public async Task Pipeline()
    {
        await using var pipeline = new IngestPipeline(_service, new DeadLetterStore(_service.Store), new IngestOptions { MaxBatch = MaxBatch });
        pipeline.SetMapping("bench", Mapping);
        await Task.WhenAll(Enumerable.Range(0, 2).Select(p => Task.Run(async () =>
        {
            for (var i = p; i < _messages.Length; i += 2) await pipeline.SubmitAsync(_messages[i]);
        })));
        await pipeline.FlushAsync();
    }

    /// <summary>Mapping one message (parse, rule, conversions, key), as each submitter does.</summary>
    [Benchmark(OperationsPerInvoke = Messages)]
    public int MapOnly()
    {
        var updates = 0;
        foreach (var message in _messages) updates += Mapping.Map(message).Count;
        return updates;
    }

    private static InboundMessage[] Build(int round)
    {
        var start = new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds() + (long)round * Messages;
        var received = DateTimeOffset.UtcNow;
        return [.. Enumerable.Range(0, Messages).Select(i => new InboundMessage("bench", $"plant/leeds/s{i % Twins}/telemetry",
            Encoding.UTF8.GetBytes($$"""{"ts":{{start + i}},"t":{{68 + i % 10}}.5,"h":{{40 + i % 7}}}"""), "bench", received))];
    }
}
