using System.Diagnostics;
using System.Globalization;
using TwinLab.Core.Application;
using TwinLab.Storage.Sqlite;
using TwinLab.Sync.DeadLetters;
using TwinLab.Sync.Ingest;

namespace TwinLab.SyncBench;

/// <summary>
/// <c>pipeline</c>: the intake without MQTT — messages submitted to the <see cref="IngestPipeline"/> as fast as it takes
/// them, into a fresh SQLite file. Its rate is the ceiling of MQTT intake on the same machine; the difference to
/// <c>serve</c> is the cost of MQTT (broker, client, acknowledgements).
/// </summary>
internal static class PipelineCommand
{
    public static async Task<int> RunAsync(BenchArgs args)
    {
        var count = args.Int("messages", 500_000);
        var twins = args.Int("twins", 1_000);
        var ingest = new IngestOptions
        {
            Capacity = args.Int("capacity", new IngestOptions().Capacity),
            MaxBatch = args.Int("max-batch", new IngestOptions().MaxBatch),
        };
        args.RejectUnknown();

        var directory = Directory.CreateTempSubdirectory("twinlab-syncbench-").FullName;
        try
        {
            using var service = new TwinService(SqliteTwinStore.Open(Path.Combine(directory, "bench.db")));
            SensorFleet.Create(service, twins);
            var latency = new LatencyRecorder();
            await using var pipeline = new IngestPipeline(service, new DeadLetterStore(service.Store), ingest);
            pipeline.SetMapping(SensorFleet.Source, SensorFleet.Mapping("bench"));
            var timing = new TimingSink(pipeline, latency);
            var topics = Enumerable.Range(0, twins).Select(t => SensorFleet.Topic("bench", t)).ToArray();
            var process = Process.GetCurrentProcess();
            var cpu = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var buffer = new byte[96];
            for (var i = 0; i < count; i++)
            {
                var length = SensorFleet.Payload(buffer, i / twins, 20.5, SensorFleet.NowMicros());
                var message = new InboundMessage(SensorFleet.Source, topics[i % twins], buffer.AsSpan(0, length).ToArray(), "bench", DateTimeOffset.UtcNow);
                await timing.SubmitAsync(message);
            }
            await pipeline.FlushAsync();
            var elapsed = clock.Elapsed.TotalSeconds;
            var used = (process.TotalProcessorTime - cpu).TotalSeconds;
            var counters = pipeline.CountersOf(SensorFleet.Source);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"pipeline: {counters.Applied:N0} applied, {counters.Duplicates:N0} duplicates, {counters.DeadLettered:N0} dead-lettered in {elapsed:0.00} s = {counters.Applied / elapsed:N0} msg/s; CPU {used:0.0} s ({used * 1e6 / count:0.0} µs/msg)"));
            Console.WriteLine($"submit → visible latency: {latency.Summary()}");
            return counters.Applied == count ? 0 : 1;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }
}
