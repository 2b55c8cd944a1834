using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using TwinLab.Core.Application;
using TwinLab.Core.History;
using TwinLab.Network.Analysis;
using TwinLab.Network.Defence;
using TwinLab.Network.Reporting;
using TwinLab.Network.Scan;
using TwinLab.Network.Topology;
using TwinLab.Network.Twin;
using TwinLab.Network.Vulnerabilities;

namespace TwinLab.Cli.Commands;

/// <summary>
/// The demo's network: imports <c>examples/network</c> (topology, firewall rules, nmap scan, NVD CVEs, EPSS, KEV) into
/// the demo database as twins, builds the attack graph, estimates each crown jewel's compromise probability and time to
/// compromise, finds the cheapest fixes with <c>costs.yaml</c>, and writes the report with the attack graph.
/// </summary>
internal static class NetworkDemo
{
    private const int RiskReplications = 2000;
    private const int SimulationReplications = 1000;
    private const ulong Seed = 20251103;

    internal sealed record Outcome(
        NetworkScanSummary Import, IReadOnlyList<AttackPathsReport> Paths, RiskReport Risk, SimulationSummary Simulation, DefenceCut Cut,
        int Hosts, int Zones, string ReportPath, double Seconds);

    public static Outcome Run(TwinService service, WriteContext context, string examplesRoot, string resultsRoot)
    {
        var clock = Stopwatch.StartNew();
        var root = Path.Combine(examplesRoot, "network");
        string F(string name) => Path.Combine(root, name);
        var topology = TopologyFile.Load(F("topology.yaml"));
        var scan = NmapXmlReader.Read(F("scan.xml"));
        var nvd = NvdCveReader.Read(F("nvd.json"));
        var epss = EpssCsvReader.Read(F("epss.csv"));
        var kev = KevReader.Read(F("kev.json"));
        var graph = NetworkGraph.FromScan(scan, new VulnerabilityFeeds(nvd, epss, kev), new NetworkImportInputs
        {
            Topology = topology,
            Paths = new NetworkInputPaths(Path.GetFullPath(F("topology.yaml")), Path.GetFullPath(F("scan.xml")), Path.GetFullPath(F("nvd.json")),
                Path.GetFullPath(F("epss.csv")), Path.GetFullPath(F("kev.json"))),
        });
        new NetworkTwinStore(service).Import(graph, BranchInfo.Main, context);

        var study = NetworkStudy.Create(topology, scan, nvd.Cves, epss, kev);
        var jewels = study.Topology.Hosts.Where(h => h.CrownJewel).Select(h => h.Name).ToList();
        var paths = jewels.Select(j => study.Paths(j, 5)).ToList();
        var risk = study.Risk(RiskReplications, Seed);
        var simulation = study.Simulate(SimulationReplications, Seed, horizonHours: 24 * 30, topPaths: 3);
        var costs = DefenceCostModel.Load(F("costs.yaml"));
        var known = study.Findings.Where(f => f.InKev).Select(f => f.CveId).ToHashSet(StringComparer.Ordinal);
        var cut = CheapestCut.Find(study.Graph(), DefenceCandidates.Generate(study.Graph(), new CandidateOptions { Costs = costs, KnownExploited = known, PlaceNames = study.PlaceNames }));

        var reportPath = Path.Combine(resultsRoot, "network", "report.html");
        NetworkReport.WriteHtml(new NetworkReportContent
        {
            Title = $"Network security: {topology.Name}",
            Generated = $"examples/network: topology.yaml, scan.xml, nvd.json, epss.csv, kev.json, costs.yaml; seed {Seed}",
            Facts =
            [
                ("hosts", $"{study.Topology.Hosts.Count} in {study.Topology.Zones.Count} zones"),
                ("vulnerabilities", $"{study.Findings.Count} found ({study.Findings.Count(f => f.InKev)} known exploited)"),
                ("attacker starts", string.Join(", ", study.Topology.AttackerStarts.Select(s => s.Location))),
                ("crown jewels", string.Join(", ", jewels)),
            ],
            Paths = paths,
            Risk = risk,
            Simulation = simulation,
            Cut = cut,
            Excluded = [.. costs.Excluded.Order(StringComparer.Ordinal)],
        }, reportPath);
        return new Outcome(graph.Summary, paths, risk, simulation, cut, study.Topology.Hosts.Count, study.Topology.Zones.Count, reportPath, clock.Elapsed.TotalSeconds);
    }

    public static JsonObject Json(Outcome o) => new()
    {
        ["hosts"] = o.Hosts,
        ["zones"] = o.Zones,
        ["openPorts"] = o.Import.OpenPorts,
        ["vulnerabilities"] = o.Import.Vulnerabilities,
        ["knownExploited"] = o.Import.KnownExploited,
        ["crownJewels"] = new JsonArray([.. o.Risk.Assets.Where(a => a.CrownJewel).Select(a =>
        {
            var sim = o.Simulation.Assets.FirstOrDefault(s => s.Host == a.Host);
            var paths = o.Paths.FirstOrDefault(p => p.Host == a.Host);
            return (JsonNode?)new JsonObject
            {
                ["host"] = a.Host,
                ["value"] = a.Value,
                ["probability"] = a.CompromiseProbability,
                ["probabilityLow"] = a.ProbabilityLow,
                ["probabilityHigh"] = a.ProbabilityHigh,
                ["medianHoursToCompromise"] = sim?.MedianHours,
                ["mostLikelyPath"] = paths?.MostLikely is { } p ? new JsonArray([.. p.Actions.Select(s => (JsonNode?)s.Conclusion)]) : null,
            };
        })]),
        ["expectedLossCrownJewels"] = o.Risk.CrownJewelExpectedLoss,
        ["fixes"] = new JsonObject
        {
            ["status"] = o.Cut.Status.ToString(),
            ["hours"] = o.Cut.Cost,
            ["measures"] = new JsonArray([.. o.Cut.Measures.Select(m => (JsonNode?)new JsonObject
            {
                ["id"] = m.Id,
                ["hours"] = m.Cost,
                ["pathsRemoved"] = o.Cut.Explanations.FirstOrDefault(e => e.Measure == m)?.PathsRemoved.Count,
            })]),
        },
        ["report"] = o.ReportPath,
        ["seconds"] = o.Seconds,
    };

    public static void Print(TextWriter w, Outcome o, string dbPath)
    {
        static string N(double v, string f) => v.ToString(f, CultureInfo.InvariantCulture);
        w.WriteLine($"The network security twin (examples/network): {o.Hosts} hosts in {o.Zones} zones imported with their firewall rules, " +
            $"{o.Import.OpenPorts} open ports, {o.Import.Vulnerabilities} vulnerabilities ({o.Import.KnownExploited} known exploited).");
        Table.Write(w, ["crown jewel", "P(compromise)", "median time", "most likely path"], o.Risk.Assets.Where(a => a.CrownJewel).Select(a =>
        {
            var sim = o.Simulation.Assets.FirstOrDefault(s => s.Host == a.Host);
            var path = o.Paths.FirstOrDefault(p => p.Host == a.Host)?.MostLikely;
            return (IReadOnlyList<string>)[a.Host, N(a.CompromiseProbability, "0.00"), sim?.MedianHours is { } h ? N(h, "0.0") + " h" : "-",
                path is null ? "-" : string.Join(" → ", path.Actions.Select(s => s.Technique is null ? s.Conclusion : $"{s.Conclusion} [{s.Technique}]"))];
        }));
        w.WriteLine($"Cheapest fixes cutting every path to the crown jewels ({N(o.Cut.Cost, "0.#")} h, business ports kept open by costs.yaml): " +
            string.Join(", ", o.Cut.Measures.Select(m => m.Id)) + ".");
        w.WriteLine($"Report (attack graph, probabilities, time to compromise, fixes): {o.ReportPath}");
        w.WriteLine($"Try a fix on a branch: twinlab --db {dbPath} network whatif --patch CVE-2021-42013@web01 --branch patch-web01");
    }
}
