using TwinLab.Network.Attack;
using TwinLab.Network.AttackGraph;
using TwinLab.Network.Firewall;
using TwinLab.Network.Reachability;
using TwinLab.Network.Scan;
using TwinLab.Network.Topology;
using TwinLab.Network.Vulnerabilities;

namespace TwinLab.Network.Analysis;

/// <summary>The network security analysis the CLI and the API call: load a topology with its scan and vulnerability
/// data, then ask for reachability, the attack graph, attack paths, risk and a simulated attacker.</summary>
/// <remarks>Results are plain records without NaN, ready for JSON. The facts, matrix and graph are built once and
/// cached. Not thread-safe (the reachability engine is not).</remarks>
public sealed class NetworkStudy
{
    private const int MinimalPathBudget = 200;

    /// <summary>Ten years: long enough that the horizon does not cut an attack short.</summary>
    private const double UnboundedHorizonHours = 24 * 365 * 10;

    private LogicalAttackGraph? _graph;
    private IReadOnlyDictionary<string, string>? _placeNames;

    private NetworkStudy(AttackFactsBuild build, AttackGraphOptions graphOptions)
    {
        Build = build;
        GraphOptions = graphOptions;
    }

    /// <summary>Loads the files and builds the facts.</summary>
    /// <param name="topologyPath">The topology YAML.</param>
    /// <param name="scanPath">An nmap XML scan, or null.</param>
    /// <param name="nvdPath">NVD CVE API 2.0 JSON, or null.</param>
    /// <param name="epssPath">An EPSS CSV, or null.</param>
    /// <param name="kevPath">The KEV catalogue (JSON, or CSV by extension), or null.</param>
    /// <param name="options">Fact-building options.</param>
    /// <exception cref="Core.Errors.TwinLabException">A file is missing or malformed (the subclass names the file and line),
    /// or a scanned host lies in no zone (<see cref="AnalysisException"/>).</exception>
    public static NetworkStudy Load(string topologyPath, string? scanPath = null, string? nvdPath = null, string? epssPath = null,
        string? kevPath = null, AttackFactsOptions? options = null)
    {
        var topology = TopologyFile.Load(topologyPath);
        var scan = scanPath is null ? null : NmapXmlReader.Read(scanPath);
        var cves = nvdPath is null ? null : NvdCveReader.Read(nvdPath).Cves;
        var epss = epssPath is null ? null : EpssCsvReader.Read(epssPath);
        var kev = kevPath is null ? null : KevReader.Read(kevPath);
        return Create(topology, scan, cves, epss, kev, options);
    }

    /// <summary>Builds a study from inputs already read.</summary>
    /// <param name="topology">The network.</param>
    /// <param name="scan">A scan, or null.</param>
    /// <param name="cves">CVEs, or null.</param>
    /// <param name="epss">EPSS scores, or null.</param>
    /// <param name="kev">The KEV catalogue, or null.</param>
    /// <param name="options">Fact-building options.</param>
    public static NetworkStudy Create(NetworkTopology topology, ScanResult? scan = null, IEnumerable<CveRecord>? cves = null,
        EpssData? epss = null, KevCatalog? kev = null, AttackFactsOptions? options = null)
    {
        options ??= AttackFactsOptions.Default;
        var build = AttackFactsBuilder.Build(topology, scan, cves, epss, kev, options);
        return new NetworkStudy(build, AttackGraphOptions.Default with { RootUser = options.RootUser });
    }

    /// <summary>The facts and what they were built from.</summary>
    public AttackFactsBuild Build { get; }

    /// <summary>The options the attack graph is derived with.</summary>
    public AttackGraphOptions GraphOptions { get; }

    /// <summary>The topology with the scan merged in.</summary>
    public NetworkTopology Topology => Build.Topology;

    /// <summary>The attack-graph facts.</summary>
    public AttackFacts Facts => Build.Facts;

    /// <summary>The vulnerabilities found.</summary>
    public IReadOnlyList<VulnerabilityFinding> Findings => Build.Findings;

    /// <summary>What could not be used as is.</summary>
    public IReadOnlyList<AnalysisNote> Notes => Build.Notes;

    /// <summary>Readable names of the host groups in the facts (hosts that reach, or are reached on, the same
    /// services; the facts name them internally, e.g. <c>workstations-sources-6</c>): the zone and hosts behind each,
    /// such as <c>5 of 6 workstations hosts (dev-laptop-01…NPI3E7702)</c>. Give them to
    /// <see cref="Defence.CandidateOptions.PlaceNames"/> so that recommendations explain themselves in these words.</summary>
    public IReadOnlyDictionary<string, string> PlaceNames => _placeNames ??= GroupLabels.Of(Topology, Facts);

    /// <summary>Whether <paramref name="from"/> (host or zone) can open the service, with the deciding rule at every hop.</summary>
    /// <param name="from">A host or zone.</param>
    /// <param name="toHost">The destination host.</param>
    /// <param name="protocol"><c>tcp</c>, <c>udp</c> or <c>icmp</c>.</param>
    /// <param name="port">The port.</param>
    public ReachabilityExplanation Reach(string from, string toHost, string protocol, int port) =>
        Build.Engine.Explain(from, toHost, IpProtocols.Parse(protocol), port);

    /// <summary>A summary of the reachability matrix and what each attacker start can open directly.</summary>
    public ReachMatrixSummary ReachMatrix()
    {
        var m = Build.Matrix;
        var exposure = new List<ExposedService>();
        foreach (var start in Topology.AttackerStarts.Select(s => s.Location).Distinct(StringComparer.Ordinal))
            foreach (var s in m.ReachableServices(start))
                exposure.Add(new ExposedService(start, s.Host, s.Protocol.Name(), s.Port, s.Name));
        return new ReachMatrixSummary(Topology.Hosts.Count, Topology.Zones.Count, m.Services.Count, m.SourceClassCount, m.ServiceClassCount,
            m.AllowedPairCount(), m.PathEvaluations, exposure);
    }

    /// <summary>The logical attack graph (built on first use).</summary>
    public LogicalAttackGraph Graph() => _graph ??= LogicalAttackGraph.Build(Facts, GraphOptions);

    /// <summary>The attack paths to a host: to <c>assetCompromised(host)</c> when it is an asset, else to code execution as
    /// root on it.</summary>
    /// <param name="goalHost">The host.</param>
    /// <param name="limit">At most this many minimal paths.</param>
    /// <exception cref="AnalysisException">The host is not in the topology.</exception>
    public AttackPathsReport Paths(string goalHost, int limit = 20)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        if (Topology.FindHost(goalHost) is null)
            throw new AnalysisException(Topology.File, 0, $"unknown host '{goalHost}'; known: {string.Join(", ", Topology.Hosts.Select(h => h.Name))}");
        var graph = Graph();
        var goal = Facts.Assets.Any(a => a.Host == goalHost) ? LogicalAttackGraph.AssetGoal(goalHost) : DerivedFact.ExecCode(goalHost, GraphOptions.RootUser);
        var shortest = graph.ShortestPath(goal);
        var likely = graph.MostLikelyPath(goal);
        // The enumeration's work budget grows with its limit; a small limit on a well-connected graph can stop before the
        // first complete path, so enumerate at least MinimalPathBudget and keep the first `limit`.
        var minimal = graph.MinimalPaths(goal, Math.Max(limit, MinimalPathBudget));
        return new AttackPathsReport(goalHost, goal.ToString(), shortest is not null,
            shortest is null ? null : PathView.From(shortest), likely is null ? null : PathView.From(likely),
            [.. minimal.Paths.Take(limit).Select(PathView.From)], minimal.Truncated || minimal.Paths.Count > limit);
    }

    /// <summary>Each asset's probability of compromise and expected loss, crown jewels first, then by expected loss.</summary>
    /// <param name="replications">Replications of the Monte Carlo estimate.</param>
    /// <param name="seed">Its seed.</param>
    /// <remarks>The probability is the Monte Carlo attacker's with an unbounded horizon (ten years): under the
    /// independent-steps model that is the exact compromise probability up to sampling error, which the Wilson interval
    /// gives. The graph's propagation (<see cref="LogicalAttackGraph.CompromiseProbability"/>) is reported beside it as
    /// <see cref="AssetRisk.GraphEstimate"/>: it needs no sampling but is biased where derivations share steps (for
    /// example code execution as a service account and as root after a privilege escalation on the same host).</remarks>
    public RiskReport Risk(int replications = 4000, ulong seed = 1)
    {
        var graph = Graph();
        var simulation = AttackSimulator.Run(graph, new AttackSimulationOptions
        {
            Replications = replications, Seed = seed, HorizonHours = UnboundedHorizonHours, TopPaths = 0,
        });
        var assets = simulation.Assets.Select(a =>
        {
            var goal = LogicalAttackGraph.AssetGoal(a.Host);
            var (low, high) = a.ConfidenceInterval();
            var shortest = graph.ShortestPath(goal);
            var likely = graph.MostLikelyPath(goal);
            return new AssetRisk(a.Host, a.Value, a.CrownJewel, a.Probability, low, high, Math.Clamp(graph.CompromiseProbability(goal), 0, 1),
                a.Probability * a.Value, shortest?.ActionCount, likely?.Probability ?? 0);
        }).OrderByDescending(a => a.CrownJewel).ThenByDescending(a => a.ExpectedLoss).ThenBy(a => a.Host, StringComparer.Ordinal).ToList();
        return new RiskReport(replications, seed, assets, assets.Where(a => a.CrownJewel).Sum(a => a.ExpectedLoss), assets.Sum(a => a.ExpectedLoss));
    }

    /// <summary>Runs the Monte Carlo attacker (<see cref="AttackSimulator"/>) and summarises it.</summary>
    /// <param name="replications">Number of replications.</param>
    /// <param name="seed">The seed; the same seed gives the same result.</param>
    /// <param name="horizonHours">Hours after which the attacker stops.</param>
    /// <param name="topPaths">How many frequent paths to keep per asset.</param>
    public SimulationSummary Simulate(int replications = 1000, ulong seed = 1, double horizonHours = 24 * 30, int topPaths = 3)
    {
        var result = AttackSimulator.Run(Graph(), new AttackSimulationOptions
        {
            Replications = replications, Seed = seed, HorizonHours = horizonHours, TopPaths = topPaths,
        });
        var assets = result.Assets.Select(a =>
        {
            var (low, high) = a.ConfidenceInterval();
            double? Finite(double v) => double.IsFinite(v) ? v : null;
            return new AssetSimulation(a.Host, a.Value, a.CrownJewel, a.Compromised, a.Probability, low, high,
                a.Compromised == 0 ? null : Finite(a.MedianHours), a.Compromised == 0 ? null : Finite(a.TimePercentile(0.9)),
                a.Compromised == 0 ? null : a.CompromiseHours.Average(),
                [.. a.TopPaths.Select(p => new SimulatedPath(p.Steps, p.Techniques, p.Count, p.Share))]);
        }).OrderByDescending(a => a.CrownJewel).ThenBy(a => a.Host, StringComparer.Ordinal).ToList();
        return new SimulationSummary(result.Replications, result.Seed, result.HorizonHours, assets);
    }
}
