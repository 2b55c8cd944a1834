using BenchmarkDotNet.Attributes;
using TwinLab.Network.Capacity;

namespace TwinLab.Benchmarks.Network;

/// <summary>
/// Capacity planning on a generated backbone of 1,000 nodes, 5,000 links and 10,000 demands: the base evaluation
/// (shortest paths, loads, M/M/1 latency of every demand) and the full N-1 (all 6,000 single link and node failures,
/// re-routing the demands each touches) with the cheapest upgrades covering them.
/// </summary>
[MemoryDiagnoser]
public class CapacityBenchmarks
{
    private CapacityNetwork _network = null!;
    private TrafficMatrix _traffic = null!;

    /// <summary>Generates the backbone once.</summary>
    [GlobalSetup]
    public void Setup() => (_network, _traffic) = SyntheticBackbone.Generate(1_000, 5_000, 10_000, seed: 42);

    /// <summary>Routes every demand and measures every link.</summary>
    [Benchmark]
    public double Evaluate() => CapacityAnalysis.Evaluate(_network, _traffic).MaxUtilisation;

    /// <summary>Base evaluation plus every single failure and the N-1 upgrade plan.</summary>
    [Benchmark]
    public double BaseAndFullNMinusOne() => CapacityAnalysis.Analyse(_network, _traffic, nMinusOne: true).Upgrades.Cost;
}
