using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using TwinLab.Core.Application;
using TwinLab.Core.History;
using TwinLab.Core.Twins;
using TwinLab.Storage.Sqlite;
using TwinLab.Sync.Ingest;
using TwinLab.Sync.Mapping;

namespace TwinLab.SyncBench;

/// <summary>
/// <c>writer</c>: the intake's single writer alone — <see cref="TwinService.WriteBatch{T}"/> with batches of keyed
/// telemetry messages exactly as <see cref="IngestPipeline"/> builds them (mapped beforehand, outside the measurement),
/// into a fresh SQLite file. Reports the CPU time of the writing thread per message (load-independent: a thread is
/// charged only while it runs) beside the whole process's (which adds the WAL checkpointer and the GC).
/// </summary>
internal static class WriterCommand
{
    public static int Run(BenchArgs args)
    {
        var count = args.Int("messages", 200_000);
        var twins = args.Int("twins", 1_000);
        var batchSize = Math.Max(1, args.Int("batch", 2_000));
        var warmup = args.Int("warmup", 20_000);
        var rounds = Math.Max(1, args.Int("rounds", 1));
        args.RejectUnknown();

        var directory = Directory.CreateTempSubdirectory("twinlab-syncbench-").FullName;
        try
        {
            using var service = new TwinService(SqliteTwinStore.Open(Path.Combine(directory, "bench.db")));
            SensorFleet.Create(service, twins);
            var mapping = SensorFleet.Mapping("bench");
            long next = 0;
            Write(service, Batches(mapping, twins, batchSize, warmup, ref next));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"writer: {twins:N0} twins, batches of {batchSize:N0} keyed telemetry messages, {warmup:N0} warm-up messages, {rounds} round(s) of {count:N0}"));
            var perMessage = new List<double>();
            for (var round = 0; round < rounds; round++)
            {
                var batches = Batches(mapping, twins, batchSize, count, ref next);
                GC.Collect();
                // For attaching a profiler to the measured part only (perf record -p PID).
                Console.WriteLine($"  round {round + 1}: measuring (pid {Environment.ProcessId})");
                var process = Process.GetCurrentProcess();
                var processCpu = process.TotalProcessorTime;
                var threadCpu = ThreadCpuTime();
                var clock = Stopwatch.StartNew();
                var applied = Write(service, batches);
                var elapsed = clock.Elapsed.TotalSeconds;
                var thread = (ThreadCpuTime() - threadCpu).TotalSeconds;
                process.Refresh();
                var total = (process.TotalProcessorTime - processCpu).TotalSeconds;
                if (applied != count)
                {
                    Console.Error.WriteLine($"writer: {applied:N0} of {count:N0} applied");
                    return 1;
                }
                perMessage.Add(thread * 1e6 / count);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  round {round + 1}: {count:N0} in {elapsed:0.00} s = {count / elapsed:N0} msg/s; writer thread CPU {thread * 1e6 / count:0.0} µs/msg, process CPU {total * 1e6 / count:0.0} µs/msg"));
            }
            perMessage.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"writer thread CPU per message: median {perMessage[perMessage.Count / 2]:0.0} µs, min {perMessage[0]:0.0} µs; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}"));
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static long Write(TwinService service, List<List<BatchItem<int>>> batches)
    {
        long applied = 0;
        var context = new WriteContext("bench-writer");
        foreach (var batch in batches)
        {
            var outcome = service.WriteBatch(BranchInfo.Main, context, batch);
            foreach (var item in outcome.Items)
                if (item.Status == BatchItemStatus.Applied) applied++;
        }
        return applied;
    }

    /// <summary>Messages mapped as the pipeline maps them (one telemetry point each, key <c>twin/seq</c>).</summary>
    private static List<List<BatchItem<int>>> Batches(MessageMapping mapping, int twins, int batchSize, int count, ref long next)
    {
        var topics = Enumerable.Range(0, twins).Select(t => SensorFleet.Topic("bench", t)).ToArray();
        var buffer = new byte[96];
        var batches = new List<List<BatchItem<int>>>();
        var received = DateTimeOffset.UtcNow;
        for (var i = 0; i < count; i++, next++)
        {
            if (i % batchSize == 0) batches.Add(new List<BatchItem<int>>(batchSize));
            var twin = (int)(next % twins);
            var seq = next / twins;
            var length = SensorFleet.Payload(buffer, seq, 15 + seq % 1000 / 100.0, SensorFleet.NowMicros());
            var updates = mapping.Map(new InboundMessage(SensorFleet.Source, topics[twin], buffer.AsSpan(0, length).ToArray(), "bench", received));
            batches[^1].Add(new BatchItem<int>(SensorFleet.TwinId(twin) + "/" + seq.ToString(CultureInfo.InvariantCulture), graph => Apply(graph, updates)));
        }
        return batches;
    }

    /// <summary>What the pipeline's writer does with one mapped message.</summary>
    private static int Apply(TwinGraph graph, IReadOnlyList<MappedUpdate> updates)
    {
        foreach (var update in updates)
        {
            if (update.Patch is { Count: > 0 } patch) graph.UpdateTwin(update.TwinId, patch);
            if (update.Telemetry is { } telemetry) graph.AppendTelemetry(update.TwinId, update.Component, telemetry, update.Timestamp);
        }
        return updates.Count;
    }

    private static TimeSpan ThreadCpuTime()
    {
        const int ClockThreadCpuTime = 3;
        if (ClockGetTime(ClockThreadCpuTime, out var t) != 0) throw new InvalidOperationException("clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed");
        return TimeSpan.FromTicks(t.Seconds * TimeSpan.TicksPerSecond + t.Nanoseconds / 100);
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);
}
