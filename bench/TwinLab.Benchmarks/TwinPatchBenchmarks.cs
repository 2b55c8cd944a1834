using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using TwinLab.Core.Twins;

namespace TwinLab.Benchmarks;

/// <summary>
/// Validated property patches on an in-memory graph of 100,000 twins (target: ≥ 1,000,000/s on one core).
/// </summary>
/// <remarks>
/// Each operation is one <see cref="TwinGraph.UpdateTwin"/> with a one-operation JSON Patch (replace a double
/// property), validated against the model, producing a new twin version, ETag and change record. Patches go to
/// <see cref="WorkingSet"/> distinct rooms in turn: 1,000 (a hot set of live devices) or all 32,875 rooms of the
/// graph (every patch a cache miss). Run under workstation GC and under server GC with one heap, which gives
/// the young generation a larger budget; the graph is single-writer, so both use one core for the patches.
/// </remarks>
[Config(typeof(GcModes))]
[MemoryDiagnoser]
public class TwinPatchBenchmarks
{
    private const int Batch = 100_000;
    private TwinGraph _graph = null!;
    private string[] _rooms = null!;
    private IReadOnlyList<JsonPatchOperation>[] _patches = null!;

    [Params(1_000, 32_875)]
    public int WorkingSet { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _graph = SyntheticCampus.Build(100_000);
        var random = new Random(1);
        _rooms = _graph.Twins.Where(t => t.ModelId == "dtmi:bench:Room;1").Select(t => t.Id).Order(StringComparer.Ordinal).Take(WorkingSet).ToArray();
        _patches = Enumerable.Range(0, 1024).Select(i =>
            (IReadOnlyList<JsonPatchOperation>)[JsonPatchOperation.Replace("/temperature", JsonSerializer.SerializeToElement(Math.Round(18 + random.NextDouble() * 10, 2)))]).ToArray();
    }

    /// <summary>One validated patch per operation; changes are taken every 1,024 patches, as a store commit would.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public void PatchProperty()
    {
        var rooms = _rooms;
        for (var i = 0; i < Batch; i++)
        {
            _graph.UpdateTwin(rooms[i % rooms.Length], _patches[i & 1023]);
            if ((i & 1023) == 1023) _graph.TakeChanges();
        }
        _graph.TakeChanges();
    }

    private sealed class GcModes : ManualConfig
    {
        public GcModes()
        {
            AddJob(Job.Default.WithWarmupCount(3).WithIterationCount(15).WithGcServer(false).WithId("WorkstationGC"));
            AddJob(Job.Default.WithWarmupCount(3).WithIterationCount(15).WithGcServer(true).WithGcConcurrent(false)
                .WithEnvironmentVariables(new EnvironmentVariable("DOTNET_GCHeapCount", "1")).WithId("ServerGC-1heap"));
            // Workstation GC with a 64 MB young-generation budget (DOTNET_GCgen0size, hex): fewer collections, so
            // the card scanning of the old trie is paid less often.
            AddJob(Job.Default.WithWarmupCount(3).WithIterationCount(15).WithGcServer(false)
                .WithEnvironmentVariables(new EnvironmentVariable("DOTNET_GCgen0size", "4000000")).WithId("WorkstationGC-gen0-64MB"));
        }
    }
}
