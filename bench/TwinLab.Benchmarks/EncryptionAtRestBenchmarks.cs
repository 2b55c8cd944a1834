using System.Text.Json;
using BenchmarkDotNet.Attributes;
using TwinLab.Core.Twins;
using TwinLab.Storage.Encryption;
using TwinLab.Storage.Sqlite;

namespace TwinLab.Benchmarks;

/// <summary>
/// What encryption at rest costs the SQLite store: telemetry appends and reads, and twin writes, of 50 twins whose model
/// is sensitive (each value sealed with AES-256-GCM under its twin's data key), against the same with encryption off.
/// </summary>
[MemoryDiagnoser]
public class EncryptionAtRestBenchmarks
{
    private const int Batch = 10_000;
    private const string Model = "dtmi:bench:Patient;1";
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 0, 0, 0, TimeSpan.Zero);
    private TelemetryPoint[] _points = [];
    private string _path = "";
    private SqliteTwinStore _store = null!;
    private long _version;

    /// <summary>Whether the twins' model is sensitive.</summary>
    [Params(false, true)]
    public bool Encrypted { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _points = [.. Enumerable.Range(0, Batch).Select(i => new TelemetryPoint($"patient-{i % 50}", null, "systolic", Start.AddSeconds(i), JsonSerializer.SerializeToElement(110 + i % 60)))];
        _path = Path.Combine(Path.GetTempPath(), $"twinlab-bench-{Guid.NewGuid():N}.db");
        var key = MasterKey.Generate();
        _store = SqliteTwinStore.Open(_path, key);
        if (Encrypted) _store.EnableEncryption(key, [Model]);
        for (var i = 0; i < 50; i++) WriteTwin(i);
        _store.Commit([new TelemetryAppended(_points)], ++_version);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _store.Dispose();
        foreach (var suffix in new[] { "", "-wal", "-shm", ".keys" }) File.Delete(_path + suffix);
    }

    /// <summary>One telemetry point appended, per operation (batches of 10,000).</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public void AppendTelemetry() => _store.Commit([new TelemetryAppended(_points)], ++_version);

    /// <summary>One twin's telemetry read back (200 points of each batch appended so far).</summary>
    [Benchmark]
    public int ReadTelemetry() => _store.ReadTelemetry("patient-7", "systolic", Start, Start.AddSeconds(Batch)).Count;

    /// <summary>One twin written (its event sealed when encrypted).</summary>
    [Benchmark]
    public void WriteTwin() => WriteTwin((int)(_version % 50));

    private void WriteTwin(int i)
    {
        var v = ++_version;
        var twin = new Twin
        {
            Id = $"patient-{i}", ModelId = Model, ETag = $"W/\"{v}\"", LastUpdateTime = Start,
            Properties = SmallMap<TwinProperty>.Empty
                .SetItem("name", new TwinProperty(JsonSerializer.SerializeToElement($"Patient {i}"), Start))
                .SetItem("systolic", new TwinProperty(JsonSerializer.SerializeToElement(120 + i), Start)),
        };
        _store.Commit([new TwinWritten(twin, v == 1)], v);
    }
}
