using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using TwinLab.Core.Application;
using TwinLab.Storage.Sqlite;
using TwinLab.Sync.DeadLetters;
using TwinLab.Sync.Ingest;
using TwinLab.Sync.Mqtt;

namespace TwinLab.SyncBench;

/// <summary>
/// <c>serve</c>: the intake under test, in one process as <c>twinlab serve</c> runs it: one or more
/// <see cref="MqttSource"/>s (a shared subscription when several) feeding an <see cref="IngestPipeline"/> that writes
/// twin telemetry to an SQLite file. Prints <c>ready</c> when subscribed; when the publisher's summary appears, waits
/// for every acknowledged message, checks the stored telemetry against the publisher's per-twin counts (zero loss, no
/// duplicates), and reports rates, latencies and CPU.
/// </summary>
internal static class ServeCommand
{
    public static async Task<int> RunAsync(BenchArgs args)
    {
        var broker = MqttAddress.Parse(args.String("broker", "mqtt://127.0.0.1:1883"));
        var twins = args.Int("twins", 1_000);
        var clients = Math.Max(1, args.Int("clients", 1));
        var root = args.String("root", "bench");
        var dbArg = args.Optional("db");
        var sinkKind = args.String("sink", "pipeline");
        var ingest = new IngestOptions
        {
            Capacity = args.Int("capacity", new IngestOptions().Capacity),
            MaxBatch = args.Int("max-batch", new IngestOptions().MaxBatch),
            MaxDelay = TimeSpan.FromMilliseconds(args.Double("max-delay-ms", new IngestOptions().MaxDelay.TotalMilliseconds)),
        };
        var receiveMaximum = args.Int("receive-max", 10_000);
        var coalesce = !args.Flag("no-coalesce");
        var expectPath = args.Optional("expect");
        var reportPath = args.Optional("report");
        var idleSeconds = args.Double("idle-timeout", 30);
        args.RejectUnknown();
        if (sinkKind is not ("pipeline" or "null")) throw new ArgumentException($"--sink must be pipeline or null, not '{sinkKind}'");

        var directory = dbArg is null ? Directory.CreateTempSubdirectory("twinlab-syncbench-").FullName : null;
        var dbPath = dbArg ?? Path.Combine(directory!, "bench.db");
        if (File.Exists(dbPath)) throw new ArgumentException($"--db {dbPath} exists; the bench needs a fresh file");
        try
        {
            using var service = new TwinService(SqliteTwinStore.Open(dbPath));
            SensorFleet.Create(service, twins);
            var latency = new LatencyRecorder();
            await using var pipeline = sinkKind == "pipeline" ? new IngestPipeline(service, new DeadLetterStore(service.Store), ingest) : null;
            pipeline?.SetMapping(SensorFleet.Source, SensorFleet.Mapping(root));
            var timing = new TimingSink(pipeline, latency);
            var topic = clients > 1 ? $"$share/twinlab-bench/{root}/+/telemetry" : $"{root}/+/telemetry";
            var run = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
            var sources = Enumerable.Range(0, clients).Select(i => new MqttSource(new MqttSourceOptions
            {
                Address = broker,
                Topics = [topic],
                ClientId = $"twinlab-bench-{run}-{i}",
                ReceiveMaximum = receiveMaximum,
                CoalesceWrites = coalesce,
                SessionExpiry = TimeSpan.FromMinutes(10),
            }, SensorFleet.Source, timing)).ToList();
            await Task.WhenAll(sources.Select(s => s.StartAsync()));
            if (sources.FirstOrDefault(s => s.State != MqttSourceState.Connected) is { } failed)
            {
                Console.Error.WriteLine($"serve: not connected to {broker}: {failed.Counters.LastError}");
                return 2;
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"serve: ready — {clients} MQTT source(s) on '{topic}' → {(pipeline is null ? "null sink" : $"ingest pipeline (batch ≤{ingest.MaxBatch:N0}, capacity {ingest.Capacity:N0})")} → {dbPath}"));

            var process = Process.GetCurrentProcess();
            var cpuStart = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            PublishCommand.PublishSummary? expected = null;
            long last = 0;
            var lastProgress = clock.Elapsed;
            while (true)
            {
                await Task.Delay(1000);
                var settled = timing.Settled;
                var counters = pipeline?.CountersOf(SensorFleet.Source);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {clock.Elapsed.TotalSeconds,5:0.0} s  settled {settled,11:N0}  (+{settled - last:N0})  queued {counters?.Queued ?? 0:N0}  in flight {sources.Sum(s => s.Counters.InFlight):N0}  latency {latency.Summary()}"));
                if (settled != last) lastProgress = clock.Elapsed;
                last = settled;
                if (expected is null && expectPath is not null && File.Exists(expectPath))
                    expected = JsonSerializer.Deserialize<PublishCommand.PublishSummary>(await File.ReadAllTextAsync(expectPath));
                if (expected is not null && settled >= expected.Acknowledged) break;
                if ((clock.Elapsed - lastProgress).TotalSeconds > idleSeconds && (expected is not null || expectPath is null)) break;
            }
            if (pipeline is not null) await pipeline.FlushAsync();
            var cpu = (process.TotalProcessorTime - cpuStart).TotalSeconds;
            foreach (var source in sources) await source.DisposeAsync();

            var report = Report(expected, timing, pipeline?.CountersOf(SensorFleet.Source), latency, cpu, dbPath, pipeline is not null, twins);
            Console.WriteLine(report.Text);
            if (reportPath is not null) await File.WriteAllTextAsync(reportPath, JsonSerializer.Serialize(report.Figures));
            return report.Lossless ? 0 : 1;
        }
        finally
        {
            if (directory is not null)
            {
                SqliteConnection.ClearAllPools();
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    private sealed record Result(string Text, Dictionary<string, object?> Figures, bool Lossless);

    private static Result Report(PublishCommand.PublishSummary? expected, TimingSink timing, IngestCounters? counters, LatencyRecorder latency,
        double cpu, string dbPath, bool stored, int twins)
    {
        var settled = timing.Settled;
        var rate = timing.Window.TotalSeconds > 0 ? settled / timing.Window.TotalSeconds : 0;
        var figures = new Dictionary<string, object?>
        {
            ["published"] = expected?.Acknowledged,
            ["publishRate"] = expected?.AchievedRate,
            ["targetRate"] = expected?.TargetRate,
            ["settled"] = settled,
            ["applied"] = counters?.Applied ?? timing.Applied,
            ["duplicates"] = counters?.Duplicates,
            ["deadLettered"] = counters?.DeadLettered,
            ["intakeRate"] = rate,
            ["latencyP50Ms"] = latency.Percentile(0.50),
            ["latencyP95Ms"] = latency.Percentile(0.95),
            ["latencyP99Ms"] = latency.Percentile(0.99),
            ["latencyMaxMs"] = latency.Max,
            ["pipelineP50Ms"] = counters?.LatencyP50Ms,
            ["pipelineP99Ms"] = counters?.LatencyP99Ms,
            ["serveCpuSeconds"] = cpu,
            ["publishCpuSeconds"] = expected?.CpuSeconds,
        };
        var lines = new List<string>
        {
            "",
            "== result ==",
            Line($"published (PUBACK from the broker): {expected?.Acknowledged.ToString("N0", CultureInfo.InvariantCulture) ?? "?"} at {expected?.AchievedRate ?? 0:N0} msg/s (target {expected?.TargetRate ?? 0:N0})"),
            Line($"settled by the intake:              {settled:N0} at {rate:N0} msg/s (first to last commit)"),
        };
        if (counters is not null)
            lines.Add(Line($"applied {counters.Applied:N0}, duplicates {counters.Duplicates:N0}, dead-lettered {counters.DeadLettered:N0}"));
        lines.Add($"send → visible latency: {latency.Summary()}");
        if (counters is not null)
            lines.Add(Line($"received → committed (pipeline): p50 {counters.LatencyP50Ms:0.0} ms, p99 {counters.LatencyP99Ms:0.0} ms"));
        lines.Add(Line($"CPU: serve {cpu:0.0} s ({cpu * 1e6 / Math.Max(1, settled):0.0} µs/msg), publish {expected?.CpuSeconds ?? 0:0.0} s"));

        var lossless = expected is not null && settled == expected.Acknowledged;
        if (stored && expected is not null)
        {
            var perTwin = StoredPerTwin(dbPath, twins);
            var missing = 0L;
            var extra = 0L;
            for (var i = 0; i < twins; i++)
            {
                var diff = perTwin[i] - expected.PerTwin[i];
                if (diff < 0) missing -= diff;
                else extra += diff;
            }
            figures["stored"] = perTwin.Sum();
            figures["missing"] = missing;
            figures["extra"] = extra;
            lines.Add(Line($"stored telemetry points: {perTwin.Sum():N0}; missing {missing:N0}, duplicated {extra:N0} (per-twin counts against the publisher's)"));
            lossless = lossless && missing == 0 && extra == 0;
        }
        lines.Add(lossless ? "zero loss: yes" : "zero loss: NO");
        figures["lossless"] = lossless;
        return new Result(string.Join(Environment.NewLine, lines), figures, lossless);
    }

    private static long[] StoredPerTwin(string dbPath, int twins)
    {
        var counts = new long[twins];
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = dbPath, Mode = SqliteOpenMode.ReadOnly }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT twin_id, COUNT(*) FROM telemetry WHERE name = 'temperature' GROUP BY twin_id;";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var id = reader.GetString(0);
            if (id.StartsWith("s-", StringComparison.Ordinal) && int.TryParse(id.AsSpan(2), CultureInfo.InvariantCulture, out var i) && i < twins)
                counts[i] = reader.GetInt64(1);
        }
        return counts;
    }

    private static string Line(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
