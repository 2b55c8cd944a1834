using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using TwinLab.Network.Analysis;
using TwinLab.Network.Firewall;
using TwinLab.Core.History;
using TwinLab.Network.Models;
using TwinLab.Network.Reachability;
using TwinLab.Network.Twin;
using TwinLab.Simulation.Results;

namespace TwinLab.Cli.Commands;

/// <summary>
/// <c>twinlab network reach|paths|simulate</c>: questions answered on a network study — a topology file (zones,
/// hosts, firewalls with their iptables-save files, credentials, trust, attacker starts) with an optional nmap scan and
/// vulnerability data (NVD, EPSS, KEV). Nothing here writes the database: the study is built from the files.
/// </summary>
internal static class NetworkAnalysis
{
    /// <summary>The input files every analysis verb takes.</summary>
    internal sealed class Inputs
    {
        public Option<string?> Topology { get; } = new("--topology") { Description = "The topology file (YAML; see examples/network/topology.yaml); without it, the files of the last 'network import --topology' on the branch (else main) are read again" };
        public Option<string?> Scan { get; } = new("--scan") { Description = "An nmap XML scan (-oX) of the network: services, versions, CPEs, OS" };
        public Option<string?> Cves { get; } = new("--cves") { Description = "Vulnerabilities as NVD CVE API 2.0 JSON, matched to the scanned services" };
        public Option<string?> Epss { get; } = new("--epss") { Description = "EPSS scores (FIRST's CSV) for exploitation likelihood" };
        public Option<string?> Kev { get; } = new("--kev") { Description = "The CISA KEV catalogue (JSON or CSV): known-exploited vulnerabilities" };

        public void AddTo(Command cmd)
        {
            cmd.Options.Add(Topology);
            cmd.Options.Add(Scan);
            cmd.Options.Add(Cves);
            cmd.Options.Add(Epss);
            cmd.Options.Add(Kev);
        }

        public NetworkStudy Load(CliContext ctx)
        {
            if (ctx.Get(Cves) is not null && ctx.Get(Scan) is null)
                throw new CliUsageException("--cves needs --scan: vulnerabilities are matched to the scanned services' versions and CPEs.");
            if (ctx.Get(Topology) is { } topology)
                return NetworkStudy.Load(topology, ctx.Get(Scan), ctx.Get(Cves), ctx.Get(Epss), ctx.Get(Kev));
            var imported = ImportedPaths(ctx);
            return NetworkStudy.Load(imported.Topology!, ctx.Get(Scan) ?? imported.Scan, ctx.Get(Cves) ?? imported.Cves,
                ctx.Get(Epss) ?? imported.Epss, ctx.Get(Kev) ?? imported.Kev);
        }

        /// <summary>The input files the last import recorded on the Network twin (of the branch if it has one, else of main).</summary>
        private static NetworkInputPaths ImportedPaths(CliContext ctx)
        {
            var branch = ctx.Service.Branches.Any(b => b.Name == ctx.Branch) ? ctx.Branch : BranchInfo.Main;
            var snapshot = ctx.Service.SnapshotOf(branch);
            if (!snapshot.Twins.TryGetValue(NetworkGraph.NetworkId, out var network) || network.ModelId != NetworkModels.Network
                || Property(network, "topologyPath") is not { } topology)
                throw new CliUsageException("Give --topology FILE, or run 'twinlab network import --scan FILE --topology FILE' first so that the analysis can read what was imported.");
            return new NetworkInputPaths(topology, Property(network, "scanPath"), Property(network, "cvePath"), Property(network, "epssPath"), Property(network, "kevPath"));
        }

        private static string? Property(TwinLab.Core.Twins.Twin twin, string name) =>
            twin.Properties.TryGetValue(name, out var p) && p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : null;
    }

    public static Command Reach(GlobalOptions g)
    {
        var inputs = new Inputs();
        var from = new Option<string>("--from") { Description = "The source: a host or a zone (e.g. internet)", Required = true };
        var to = new Option<string>("--to") { Description = "The destination host", Required = true };
        var port = new Option<string>("--port") { Description = "PROTOCOL/PORT, e.g. tcp/443 (a bare number means tcp)", Required = true };
        var cmd = new Command("reach", "Can FROM open a new connection to TO on PORT? Explains every firewall crossed and the rule (file:line) or policy that decided") { from, to, port };
        inputs.AddTo(cmd);
        cmd.SetAction(p => CliContext.Invoke(p, g, ctx =>
        {
            var (protocol, number) = Port(ctx.Get(port));
            var study = inputs.Load(ctx);
            var e = study.Reach(ctx.Get(from), ctx.Get(to), protocol, number);
            if (ctx.Json) ctx.WriteJson(Json(e));
            else ctx.Out.Write(e.ToString());
            return 0;
        }));
        return cmd;
    }

    public static Command Paths(GlobalOptions g)
    {
        var inputs = new Inputs();
        var to = new Option<string>("--to") { Description = "The target host (e.g. a crown jewel)", Required = true };
        var limit = new Option<int>("--limit") { Description = "At most this many minimal attack paths", DefaultValueFactory = _ => 20 };
        var dot = new Option<string?>("--dot") { Description = "Also write the whole attack graph as Graphviz DOT to FILE" };
        var graphJson = new Option<string?>("--graph-json") { Description = "Also write the whole attack graph as JSON to FILE" };
        var cmd = new Command("paths", "Attack paths from the attacker's starts to a host: the shortest, the most likely, and the minimal ones, each step with its ATT&CK technique") { to, limit, dot, graphJson };
        inputs.AddTo(cmd);
        cmd.SetAction(p => CliContext.Invoke(p, g, ctx =>
        {
            if (ctx.Get(limit) < 1) throw new CliUsageException("--limit must be at least 1.");
            var study = inputs.Load(ctx);
            var report = study.Paths(ctx.Get(to), ctx.Get(limit));
            if (ctx.Get(dot) is { } dotPath) WriteFile(dotPath, study.Graph().ToDot());
            if (ctx.Get(graphJson) is { } jsonPath) WriteFile(jsonPath, study.Graph().ToJson());
            if (ctx.Json)
            {
                ctx.WriteJsonText(JsonSerializer.Serialize(new { report, notes = study.Notes }, ResultsJson.Options));
                return 0;
            }
            var w = ctx.Out;
            if (!report.Reachable)
            {
                w.WriteLine($"{report.Host} cannot be compromised from the attacker's starts ({string.Join(", ", study.Topology.AttackerStarts.Select(s => s.Location))}).");
                return 0;
            }
            PrintPath(w, "Shortest path (fewest attacker actions)", report.Shortest);
            PrintPath(w, "Most likely path", report.MostLikely);
            w.WriteLine($"{report.Minimal.Count} minimal path(s){(report.Truncated ? " (enumeration stopped at the limit)" : "")}:");
            var i = 0;
            foreach (var path in report.Minimal)
                w.WriteLine($"  {++i}. p={F(path.Probability, "0.###")}  {path.ActionCount} action(s)  {string.Join(" → ", path.Actions.Select(a => a.Conclusion))}");
            return 0;
        }));
        return cmd;
    }

    public static Command Simulate(GlobalOptions g)
    {
        var inputs = new Inputs();
        var replications = new Option<int>("--replications") { Description = "Simulated attacks", DefaultValueFactory = _ => 1000 };
        var seed = new Option<ulong>("--seed") { Description = "Seed; the same seed gives the same result at any thread count", DefaultValueFactory = _ => 1UL };
        var hours = new Option<double>("--hours") { Description = "How long each simulated attacker has, in hours", DefaultValueFactory = _ => 720.0 };
        var cmd = new Command("simulate", "A Monte Carlo attacker moving through the attack graph: per asset, the probability of compromise within --hours, time to compromise and the most frequent paths") { replications, seed, hours };
        inputs.AddTo(cmd);
        cmd.SetAction(p => CliContext.Invoke(p, g, ctx =>
        {
            if (ctx.Get(replications) < 2) throw new CliUsageException("--replications must be at least 2.");
            if (!(ctx.Get(hours) > 0) || double.IsInfinity(ctx.Get(hours))) throw new CliUsageException("--hours must be a positive number.");
            var study = inputs.Load(ctx);
            var summary = study.Simulate(ctx.Get(replications), ctx.Get(seed), ctx.Get(hours));
            if (ctx.Json)
            {
                ctx.WriteJsonText(JsonSerializer.Serialize(summary, ResultsJson.Options));
                return 0;
            }
            var w = ctx.Out;
            w.WriteLine($"{summary.Replications} simulated attacks of {F(summary.HorizonHours, "0")} h each, seed {summary.Seed}, from {string.Join(", ", study.Topology.AttackerStarts.Select(s => s.Location))}:");
            Table.Write(w, ["asset", "value", "crown jewel", "P(compromised)", "95% CI", "median h", "p90 h"],
                summary.Assets.OrderByDescending(a => a.Probability).Select(a => (IReadOnlyList<string>)[
                    a.Host, F(a.Value, "0"), a.CrownJewel ? "yes" : "", F(a.Probability, "0.000"),
                    $"[{F(a.ProbabilityLow, "0.000")}, {F(a.ProbabilityHigh, "0.000")}]", a.MedianHours is { } m ? F(m, "0.0") : "-", a.P90Hours is { } p9 ? F(p9, "0.0") : "-"]));
            foreach (var asset in summary.Assets.Where(a => a.CrownJewel && a.TopPaths.Count > 0))
            {
                w.WriteLine($"Most frequent paths to {asset.Host}:");
                foreach (var path in asset.TopPaths)
                    w.WriteLine($"  {path.Share:P0} ({path.Count})  {string.Join(" → ", path.Steps)}  [{string.Join(", ", path.Techniques)}]");
            }
            return 0;
        }));
        return cmd;
    }

    private static void PrintPath(TextWriter w, string title, PathView? path)
    {
        if (path is null) return;
        w.WriteLine($"{title}: {path.ActionCount} action(s), probability {F(path.Probability, "0.###")}, about {F(path.MeanHours, "0.#")} h");
        var n = 0;
        foreach (var step in path.Actions)
            w.WriteLine($"  {++n}. {step.Conclusion}  ({step.Rule}{(step.Technique is { } t ? ", " + t : "")}; p={F(step.Probability, "0.###")})");
    }

    internal static (string Protocol, int Port) Port(string text)
    {
        var parts = text.Split('/', 2);
        var (protocol, number) = parts.Length == 2 ? (parts[0], parts[1]) : ("tcp", parts[0]);
        try
        {
            _ = IpProtocols.Parse(protocol);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            throw new CliUsageException($"--port {text}: '{protocol}' is not a protocol (tcp, udp, icmp).");
        }
        if (!int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 0 or > 65535)
            throw new CliUsageException($"--port {text}: '{number}' is not a port number (0–65535).");
        return (protocol, port);
    }

    private static JsonObject Json(ReachabilityExplanation e) => new()
    {
        ["allowed"] = e.Allowed,
        ["from"] = e.From,
        ["to"] = e.To,
        ["protocol"] = e.Protocol.Name(),
        ["port"] = e.Port,
        ["sourceAddress"] = e.SourceAddress?.ToString(),
        ["destinationAddress"] = e.DestinationAddress?.ToString(),
        ["zonePath"] = new JsonArray(e.ZonePath.Select(z => (JsonNode?)z).ToArray()),
        ["hops"] = new JsonArray(e.Hops.Select(h => (JsonNode?)new JsonObject
        {
            ["kind"] = h.Kind.ToString(),
            ["device"] = h.Device,
            ["fromZone"] = h.FromZone,
            ["toZone"] = h.ToZone,
            ["allowed"] = h.Allowed,
            ["policy"] = h.IsPolicy,
            ["reason"] = h.Reason,
            ["rule"] = h.DecidingRule is { } r ? new JsonObject { ["file"] = r.File, ["line"] = r.Line, ["chain"] = r.Chain, ["text"] = r.Text } : null,
        }).ToArray()),
    };

    private static void WriteFile(string path, string text)
    {
        try
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(path));
            if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
            File.WriteAllText(path, text);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliUsageException($"Cannot write '{path}': {e.Message}");
        }
    }

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
