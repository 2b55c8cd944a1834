using System.Text.Json;
using BenchmarkDotNet.Attributes;
using TwinLab.Core.Twins;
using TwinLab.Storage.Sqlite;

namespace TwinLab.Benchmarks;

/// <summary>Bulk telemetry inserts into the SQLite store, one transaction per batch of 100,000 points.</summary>
[MemoryDiagnoser]
public class TelemetryInsertBenchmarks
{
    private const int Batch = 100_000;
    private TelemetryPoint[] _points = [];
    private string _path = "";
    private SqliteTwinStore _store = null!;
    private long _version;

    [GlobalSetup]
    public void Setup()
    {
        var start = new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero);
        _points = Enumerable.Range(0, Batch)
            .Select(i => new TelemetryPoint($"sensor-{i % 50}", null, i % 2 == 0 ? "temperature" : "humidity", start.AddSeconds(i), JsonSerializer.SerializeToElement(20 + i % 100 * 0.1)))
            .ToArray();
        _path = Path.Combine(Path.GetTempPath(), $"twinlab-bench-{Guid.NewGuid():N}.db");
        _store = SqliteTwinStore.Open(_path);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _store.Dispose();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(_path + suffix);
    }

    /// <summary>One point per operation.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public void AppendTelemetry() => _store.Commit([new TelemetryAppended(_points)], ++_version);
}
