using BenchmarkDotNet.Attributes;
using TwinLab.Network.AttackGraph;
using TwinLab.Network.Cvss;

namespace TwinLab.Benchmarks.Network;

/// <summary>
/// The network twin's hot paths: scoring a CVSS vector (v3.1 and v4.0, parse included) and building the logical attack
/// graph of a generated enterprise of 10,000 hosts and 50,000 services (derivation to the fixpoint plus the AND/OR
/// graph). Target for reachability and attack graph together: under 5 s.
/// </summary>
[MemoryDiagnoser]
public class NetworkBenchmarks
{
    private AttackFacts _enterprise = null!;

    /// <summary>Generates the enterprise's facts once.</summary>
    [GlobalSetup]
    public void Setup() => _enterprise = SyntheticEnterprise.Generate(10_000, 50_000);

    /// <summary>CVE-2021-44228's vector.</summary>
    [Benchmark]
    public double CvssV31() => Cvss.Score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H").Score;

    /// <summary>A v4.0 vector with threat and environmental metrics (MacroVector lookup and interpolation).</summary>
    [Benchmark]
    public double CvssV40() => Cvss.Score("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:P/VC:H/VI:L/VA:N/SC:H/SI:H/SA:H/E:A/CR:H").Score;

    /// <summary>Derivation and AND/OR graph of 10,000 hosts and 50,000 services.</summary>
    [Benchmark]
    public int AttackGraph10kHosts() => LogicalAttackGraph.Build(_enterprise).NodeCount;
}

/// <summary>The cheapest set of defences (CP-SAT min-cost cut) for every crown jewel of the generated 10,000-host
/// enterprise, candidates generated from its attack graph.</summary>
public class DefenceCutBenchmarks
{
    private LogicalAttackGraph _graph = null!;
    private IReadOnlyList<TwinLab.Network.Defence.DefenceMeasure> _candidates = null!;

    /// <summary>Builds the graph and the candidate measures once.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _graph = LogicalAttackGraph.Build(SyntheticEnterprise.Generate(10_000, 50_000, seed: 42));
        _candidates = TwinLab.Network.Defence.DefenceCandidates.Generate(_graph);
    }

    /// <summary>Exact cut with CP-SAT (one worker, deterministic limit).</summary>
    [Benchmark]
    public double CheapestCut10kHosts() =>
        TwinLab.Network.Defence.CheapestCut.Find(_graph, _candidates, new TwinLab.Network.Defence.CutOptions { ExplanationPathLimit = 0 }).Cost;
}
