using System.Text.Json;
using BenchmarkDotNet.Attributes;
using TwinLab.Core.Twins;

namespace TwinLab.Benchmarks;

/// <summary>
/// Forking a graph of 100,000 twins and ~300,000 relationships (targets: under 1 ms and under 1 MB per fork;
/// 1,000 branches of it in memory together).
/// </summary>
[MemoryDiagnoser]
public class BranchBenchmarks
{
    private TwinGraph _live = null!;
    private string[] _rooms = null!;
    private IReadOnlyList<JsonPatchOperation> _patch = null!;

    [GlobalSetup]
    public void Setup()
    {
        _live = SyntheticCampus.Build(100_000);
        _rooms = _live.Twins.Where(t => t.ModelId == "dtmi:bench:Room;1").Select(t => t.Id).Order(StringComparer.Ordinal).ToArray();
        _patch = [JsonPatchOperation.Replace("/temperature", JsonSerializer.SerializeToElement(30.5))];
    }

    /// <summary>A fork: snapshot the live graph and start a branch graph from it (what <c>branch create</c> does in memory).</summary>
    [Benchmark]
    public TwinGraph Fork() => new(_live.Snapshot());

    /// <summary>A fork and a first write on the branch (the write copies only the path to the twin it changes).</summary>
    [Benchmark]
    public Twin ForkAndPatch()
    {
        var branch = new TwinGraph(_live.Snapshot());
        return branch.UpdateTwin(_rooms[0], _patch);
    }

    /// <summary>1,000 branches held at once, each with 10 patched twins of its own; reports what they all allocate.</summary>
    [Benchmark]
    public int ThousandBranchesWithTenWritesEach()
    {
        var branches = new TwinGraph[1000];
        for (var b = 0; b < branches.Length; b++)
        {
            var branch = new TwinGraph(_live.Snapshot());
            for (var k = 0; k < 10; k++) branch.UpdateTwin(_rooms[(b * 10 + k) % _rooms.Length], _patch);
            branch.TakeChanges();
            branches[b] = branch;
        }
        return branches.Sum(g => g.TwinCount);
    }
}
