using System.Text.Json;
using BenchmarkDotNet.Attributes;
using TwinLab.Core.Application;
using TwinLab.Core.Models;
using TwinLab.Core.Twins;
using TwinLab.Storage.Sqlite;

namespace TwinLab.Benchmarks;

/// <summary>
/// Durable writes through <see cref="TwinService"/> into SQLite (WAL, synchronous=NORMAL): each write is one transaction
/// holding <see cref="BatchSize"/> validated patches, i.e. that many events (target: ≥ 50,000 events/s with batching).
/// The time per operation is per event; a batch's latency is that times the batch size.
/// </summary>
[MemoryDiagnoser]
public class DurableWriteBenchmarks
{
    private const int EventsPerInvoke = 10_000;
    private string _path = "";
    private TwinService _service = null!;
    private IReadOnlyList<JsonPatchOperation>[] _patches = null!;
    private int _next;

    [Params(1, 10, 100, 1000)]
    public int BatchSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _path = Path.Combine(Path.GetTempPath(), $"twinlab-durable-{Guid.NewGuid():N}.db");
        _service = new TwinService(SqliteTwinStore.Open(_path));
        _service.Write(g =>
        {
            g.ImportModels([new DtdlSource(SyntheticCampus.Models, "bench-models.json")]);
            for (var i = 0; i < 1000; i++)
                g.CreateOrReplaceTwin($"room-{i}", JsonDocument.Parse($$"""{"$metadata":{"$model":"dtmi:bench:Room;1"},"name":"Room {{i}}","temperature":21.0}""").RootElement);
        });
        _patches = Enumerable.Range(0, 256).Select(i =>
            (IReadOnlyList<JsonPatchOperation>)[JsonPatchOperation.Replace("/temperature", JsonSerializer.SerializeToElement(18 + i * 0.03))]).ToArray();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _service.Dispose();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(_path + suffix);
    }

    /// <summary>One event per operation, committed in transactions of <see cref="BatchSize"/> events.</summary>
    [Benchmark(OperationsPerInvoke = EventsPerInvoke)]
    public void DurablePatch()
    {
        for (var done = 0; done < EventsPerInvoke; done += BatchSize)
        {
            _service.Write(g =>
            {
                for (var k = 0; k < BatchSize; k++)
                {
                    var n = _next++;
                    g.UpdateTwin($"room-{n % 1000}", _patches[n & 255]);
                }
            });
        }
    }
}
