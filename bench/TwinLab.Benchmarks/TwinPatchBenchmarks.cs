using System.Text.Json;
using BenchmarkDotNet.Attributes;
using TwinLab.Core.Twins;

namespace TwinLab.Benchmarks;

/// <summary>Validated property patches on an in-memory graph of 100,000 twins (target: ≥ 1,000,000/s on one core).</summary>
[MemoryDiagnoser]
public class TwinPatchBenchmarks
{
    private const int Batch = 100_000;
    private TwinGraph _graph = null!;
    private string[] _rooms = null!;
    private IReadOnlyList<JsonPatchOperation>[] _patches = null!;

    [GlobalSetup]
    public void Setup()
    {
        _graph = SyntheticCampus.Build(100_000);
        var random = new Random(1);
        _rooms = _graph.Twins.Where(t => t.ModelId == "dtmi:bench:Room;1").Select(t => t.Id).ToArray();
        _patches = Enumerable.Range(0, 1024).Select(i =>
            (IReadOnlyList<JsonPatchOperation>)[JsonPatchOperation.Replace("/temperature", JsonSerializer.SerializeToElement(Math.Round(18 + random.NextDouble() * 10, 2)))]).ToArray();
    }

    /// <summary>One validated JSON Patch (replace a double property) per operation, each on a different twin.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public void PatchProperty()
    {
        var rooms = _rooms;
        for (var i = 0; i < Batch; i++)
            _graph.UpdateTwin(rooms[i % rooms.Length], _patches[i & 1023]);
        _graph.TakeChanges();
    }
}
