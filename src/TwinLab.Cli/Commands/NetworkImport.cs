using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using TwinLab.Network.Firewall;
using TwinLab.Network.Scan;
using TwinLab.Network.Topology;
using TwinLab.Network.Twin;
using TwinLab.Network.Vulnerabilities;

namespace TwinLab.Cli.Commands;

/// <summary><c>twinlab network import --scan scan.xml [--topology topo.yaml] [--iptables [NAME=]FILE …] [--cves nvd.json]
/// [--epss epss.csv] [--kev kev.json]</c>.</summary>
internal static class NetworkImport
{
    /// <summary>Notes printed in text mode (all of them go to --json).</summary>
    private const int NotesShown = 20;

    public static Command Create(GlobalOptions g)
    {
        var scan = new Option<string>("--scan") { Description = "The nmap XML output (nmap -oX FILE)", Required = true };
        var cves = new Option<string?>("--cves") { Description = "NVD CVE API 2.0 JSON (a saved /rest/json/cves/2.0 response) to match the scanned services against" };
        var epss = new Option<string?>("--epss") { Description = "FIRST EPSS scores (CSV: cve,epss,percentile) for the matched CVEs; needs --cves" };
        var kev = new Option<string?>("--kev") { Description = "CISA Known Exploited Vulnerabilities catalogue (JSON, or CSV when the name ends in .csv); needs --cves" };
        var topology = new Option<string?>("--topology") { Description = "The topology (YAML): zones become Subnet twins; roles, asset values, credentials, trust and the firewalls' iptables-save rules join the twin" };
        var iptables = new Option<string[]>("--iptables") { Description = "iptables-save output of a host or firewall: NAME=FILE (a topology host or firewall, whose rules it replaces) or FILE (a firewall named after the file)", AllowMultipleArgumentsPerToken = false };
        var cmd = new Command("import", "Read an nmap scan (with a topology, firewall rules and NVD/EPSS/KEV data), write the network as twins on the branch, and report what changed since the last import") { scan, topology, iptables, cves, epss, kev };
        cmd.SetAction(p => CliContext.Invoke(p, g, ctx =>
        {
            ctx.RejectAsOf();
            ctx.RequireBranch(ctx.Branch);
            var cvePath = ctx.Get(cves);
            if (cvePath is null && (ctx.Get(epss) is not null || ctx.Get(kev) is not null))
                throw new CliUsageException("--epss and --kev rate the CVEs that --cves matches to the scanned services; give --cves too.");
            // Everything is read before anything is written, so a bad file stores nothing.
            var result = NmapXmlReader.Read(ctx.Get(scan));
            var feeds = new VulnerabilityFeeds(
                cvePath is null ? null : NvdCveReader.Read(cvePath),
                ctx.Get(epss) is { } e ? EpssCsvReader.Read(e) : null,
                ctx.Get(kev) is { } k ? KevReader.Read(k) : null);
            var topologyPath = ctx.Get(topology);
            var inputs = new NetworkImportInputs
            {
                Topology = topologyPath is null ? null : TopologyFile.Load(topologyPath),
                Rulesets = [.. (ctx.Get(iptables) ?? []).Select(Ruleset)],
                Paths = new NetworkInputPaths(Full(topologyPath), Full(ctx.Get(scan)), Full(cvePath), Full(ctx.Get(epss)), Full(ctx.Get(kev))),
            };
            var graph = NetworkGraph.FromScan(result, feeds, inputs);
            var import = new NetworkTwinStore(ctx.Service).Import(graph, ctx.Branch, ctx.WriteContext);
            if (import.Write.Duplicate)
            {
                ctx.WriteDuplicate(import.Write.FirstSequence, import.Write.LastSequence);
                return 0;
            }
            if (ctx.Json) ctx.WriteJson(Json(graph.Summary, import, ctx.Branch));
            else Print(ctx, graph.Summary, import);
            return 0;
        }));
        return cmd;
    }

    /// <summary><c>NAME=FILE</c> or <c>FILE</c> (owner: the file name without extension).</summary>
    private static OwnedRuleset Ruleset(string text)
    {
        var eq = text.IndexOf('=', StringComparison.Ordinal);
        var (owner, path) = eq > 0 && text.IndexOfAny(['/', '\\'], 0, eq) < 0 ? (text[..eq], text[(eq + 1)..]) : (Path.GetFileNameWithoutExtension(text), text);
        if (owner.Length == 0 || path.Length == 0) throw new CliUsageException($"--iptables '{text}': give NAME=FILE or FILE.");
        return new OwnedRuleset(owner, IptablesSaveParser.ParseFile(path));
    }

    private static string? Full(string? path) => path is null ? null : Path.GetFullPath(path);

    private static void Print(CliContext ctx, NetworkScanSummary s, NetworkImportOutcome import)
    {
        var w = ctx.Out;
        var started = s.ScanStarted is { } t ? $", started {t.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC" : "";
        w.WriteLine($"Read {s.ScanFile} ({s.Scanner}{started}): {Plural(s.Hosts, "host")} up, {Plural(s.Ports, "port")} listed, {s.OpenPorts} open, "
            + $"{Plural(s.Services, "service")} identified, {s.UnknownServices} unknown{(s.HostsSkipped > 0 ? $"; {Plural(s.HostsSkipped, "host")} skipped" : "")}.");
        if (s.CveFile is null)
            w.WriteLine("No vulnerability data: give --cves nvd.json (and --epss, --kev) to match the services against CVEs.");
        else
        {
            var sources = string.Join(", ", new[] { $"{s.CveFile} ({Plural(s.CveCount, "CVE")})", s.EpssFile is null ? null : $"EPSS {s.EpssFile}", s.KevFile is null ? null : $"KEV {s.KevFile}" }.OfType<string>());
            var severities = s.BySeverity.Count == 0 ? "" : " — " + string.Join(", ", s.BySeverity.Select(kv => $"{kv.Value} {kv.Key}"));
            w.WriteLine($"Vulnerabilities from {sources}: {s.Vulnerabilities} on open services ({Plural(s.DistinctCves, "distinct CVE")}{severities})"
                + $"{(s.KevFile is null ? "" : $", {s.KnownExploited} known exploited")}.");
        }
        if (s.Topology is { } topo)
            w.WriteLine((topo.TopologyFile is null ? "" : $"Topology {topo.TopologyFile}: {Plural(topo.Zones, "zone")}, {Plural(topo.DeclaredHosts, "declared host")} not in the scan, "
                + $"{Plural(topo.Assets, "asset")}, {Plural(topo.Credentials, "credential")}, {Plural(topo.Trusts, "trust")}, {Plural(topo.Firewalls, "firewall")}; ")
                + $"{Plural(topo.Rules, "firewall rule")} (policies included) from {(topo.FirewallFiles.Count == 0 ? "no rules file" : string.Join(", ", topo.FirewallFiles))}.");
        if (s.HostOverviews.Count > 0)
            Table.Write(w, ["host", "name", "os", "open", "vulns", "max cvss", "kev"], s.HostOverviews.Select(h => (IReadOnlyList<string>)[
                h.Id, h.Name ?? "", h.Os ?? "", Count(h.OpenPorts), Count(h.Vulnerabilities),
                h.MaxBaseScore is { } m ? m.ToString("0.0", CultureInfo.InvariantCulture) : "", s.KevFile is null ? "" : Count(h.KnownExploited)]));
        if (s.Notes.Count > 0)
        {
            w.WriteLine($"Notes ({(s.Notes.Count > NotesShown ? $"first {NotesShown} of {s.Notes.Count}; all with --json" : Count(s.Notes.Count))}):");
            foreach (var note in s.Notes.Take(NotesShown)) w.WriteLine($"  {Kind(note.Kind)}: {note}");
        }
        var write = import.Write;
        w.WriteLine($"Twins on '{ctx.Branch}': {write.Twins} written, {write.Relationships} relationships"
            + $"{(write.TwinsRemoved > 0 ? $", {write.TwinsRemoved} no longer in the scan removed" : "")}"
            + $"{(write.ModelsImported > 0 ? $"; {write.ModelsImported} network models imported" : "")} ({CliContext.SequenceText(write.FirstSequence, write.LastSequence)}).");
        if (import.Diff is not { } diff) return;
        if (diff.IsEmpty) w.WriteLine("No changes since the previous import.");
        else
        {
            w.WriteLine($"Changes since the previous import ({Count(diff.Changes.Count)}):");
            foreach (var change in diff.Changes) w.WriteLine($"  {change}");
        }
        if (!diff.VulnerabilitiesCompared)
            w.WriteLine("Vulnerabilities were not compared: only one of the two imports had --cves.");
    }

    private static JsonObject Json(NetworkScanSummary s, NetworkImportOutcome import, string branch) => new()
    {
        ["scan"] = new JsonObject { ["file"] = s.ScanFile, ["scanner"] = s.Scanner, ["args"] = s.ScanArgs, ["started"] = s.ScanStarted?.ToString("o", CultureInfo.InvariantCulture) },
        ["sources"] = new JsonObject { ["cves"] = s.CveFile, ["cveCount"] = s.CveCount, ["epss"] = s.EpssFile, ["kev"] = s.KevFile },
        ["hosts"] = s.Hosts,
        ["hostsSkipped"] = s.HostsSkipped,
        ["ports"] = s.Ports,
        ["openPorts"] = s.OpenPorts,
        ["services"] = s.Services,
        ["unknownServices"] = s.UnknownServices,
        ["vulnerabilities"] = s.Vulnerabilities,
        ["distinctCves"] = s.DistinctCves,
        ["knownExploited"] = s.KnownExploited,
        ["bySeverity"] = new JsonObject(s.BySeverity.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))),
        ["topology"] = s.Topology is not { } t ? null : new JsonObject
        {
            ["file"] = t.TopologyFile, ["zones"] = t.Zones, ["declaredHosts"] = t.DeclaredHosts, ["assets"] = t.Assets, ["credentials"] = t.Credentials,
            ["trusts"] = t.Trusts, ["firewalls"] = t.Firewalls, ["rules"] = t.Rules,
            ["firewallFiles"] = new JsonArray([.. t.FirewallFiles.Select(f => (JsonNode?)f)]),
        },
        ["hostList"] = new JsonArray([.. s.HostOverviews.Select(h => (JsonNode)new JsonObject
        {
            ["id"] = h.Id, ["name"] = h.Name, ["os"] = h.Os, ["openPorts"] = h.OpenPorts, ["vulnerabilities"] = h.Vulnerabilities,
            ["maxBaseScore"] = h.MaxBaseScore, ["knownExploited"] = h.KnownExploited,
        })]),
        ["notes"] = new JsonArray([.. s.Notes.Select(n => (JsonNode)new JsonObject
        {
            ["kind"] = Kind(n.Kind), ["location"] = n.Location, ["host"] = n.Host, ["port"] = n.Port, ["message"] = n.Message,
        })]),
        ["twins"] = new JsonObject
        {
            ["branch"] = branch, ["written"] = import.Write.Twins, ["relationships"] = import.Write.Relationships, ["removed"] = import.Write.TwinsRemoved,
            ["relationshipsRemoved"] = import.Write.RelationshipsRemoved, ["modelsImported"] = import.Write.ModelsImported,
            ["sequences"] = CliContext.SequenceJson(import.Write.FirstSequence, import.Write.LastSequence),
        },
        ["reimport"] = import.Diff is not null,
        ["vulnerabilitiesCompared"] = import.Diff?.VulnerabilitiesCompared,
        ["changes"] = import.Diff is null ? null : new JsonArray([.. import.Diff.Changes.Select(c => (JsonNode)new JsonObject
        {
            ["kind"] = Kind(c.Kind), ["host"] = c.Host, ["port"] = c.Port, ["cve"] = c.Cve, ["before"] = c.Before, ["after"] = c.After, ["text"] = c.ToString(),
        })]),
    };

    /// <summary><c>UnmatchedCpe</c> → <c>unmatched-cpe</c>.</summary>
    private static string Kind<T>(T kind) where T : struct, Enum =>
        string.Concat(kind.ToString().Select((c, i) => char.IsUpper(c) ? (i > 0 ? "-" : "") + char.ToLowerInvariant(c) : c.ToString()));

    private static string Plural(int n, string noun) => $"{Count(n)} {noun}{(n == 1 ? "" : "s")}";

    private static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);
}
