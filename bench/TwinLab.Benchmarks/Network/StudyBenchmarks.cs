using BenchmarkDotNet.Attributes;
using TwinLab.Network.Analysis;
using TwinLab.Network.AttackGraph;
using TwinLab.Network.Defence;
using TwinLab.Network.Reachability;
using TwinLab.Network.Scan;
using TwinLab.Network.Synthetic;
using TwinLab.Network.Topology;
using TwinLab.Network.Vulnerabilities;

namespace TwinLab.Benchmarks.Network;

/// <summary>
/// Issue 6's figures on the generated enterprise of 10,000 hosts and 50,000 services (<see cref="GeneratedEnterprise"/>,
/// with a synthetic nmap scan and the example's NVD, EPSS and KEV files): the reachability matrix through both firewalls,
/// the full study end to end (scan merge, vulnerability matching, matrix, facts, attack graph; target under 5 s), and a
/// what-if re-evaluation (patch a widespread CVE and close a port, then rebuild the attack graph and the risk posture
/// from the changed facts, the reachability reused; target under 1 s).
/// </summary>
[MemoryDiagnoser]
public class NetworkStudyBenchmarks
{
    private NetworkTopology _topology = null!;
    private ScanResult _scan = null!;
    private IReadOnlyList<CveRecord> _cves = null!;
    private EpssData _epss = null!;
    private KevCatalog _kev = null!;
    private AttackFacts _facts = null!;
    private DefenceMeasure[] _whatIf = null!;

    /// <summary>Generates the enterprise and its scan, reads the feeds and builds the facts once.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _topology = GeneratedEnterprise.Build(10_000);
        _scan = GeneratedScan.Of(_topology);
        var examples = ExampleNetwork();
        _cves = NvdCveReader.Read(Path.Combine(examples, "nvd.json")).Cves;
        _epss = EpssCsvReader.Read(Path.Combine(examples, "epss.csv"));
        _kev = KevReader.Read(Path.Combine(examples, "kev.json"));
        _facts = NetworkStudy.Create(_topology, _scan, _cves, _epss, _kev).Facts;
        // CVE-2021-42013 is on one web server in three (Apache 2.4.49); close one web server's 443.
        var web = _topology.Hosts.First(h => h.Role == "web-server").Name;
        _whatIf = [new PatchVulnerability("CVE-2021-42013"), new ClosePort(web, 443)];
    }

    /// <summary>The full reachability matrix (every source host and zone × every service).</summary>
    [Benchmark]
    public long ReachabilityMatrix10k() => new ReachabilityEngine(_topology).ComputeMatrix().AllowedPairCount();

    /// <summary>Scan merge, matching, matrix, facts and the attack graph: the whole study from inputs already read.</summary>
    [Benchmark]
    public int FullStudy10k() => NetworkStudy.Create(_topology, _scan, _cves, _epss, _kev).Graph().NodeCount;

    /// <summary>The what-if's after state: measures applied to the facts, the attack graph rebuilt, the posture (reachable
    /// assets, risk, path counts up to 10 per asset) evaluated. The before state is the study's, already known.</summary>
    [Benchmark]
    public double WhatIfReevaluation10k()
    {
        var after = DefenceMeasure.ApplyAll(_facts, _whatIf);
        return SecurityPosture.Of(LogicalAttackGraph.Build(after), pathLimit: 10).Risk;
    }

    private static string ExampleNetwork()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "examples", "network");
            if (File.Exists(Path.Combine(candidate, "nvd.json"))) return candidate;
        }
        throw new InvalidOperationException("examples/network not found above " + AppContext.BaseDirectory);
    }
}
