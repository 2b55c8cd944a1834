using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using TwinLab.Network.Models;
using TwinLab.Network.Scan;
using TwinLab.Network.Vulnerabilities;
using CvssCalculator = TwinLab.Network.Cvss.Cvss;

namespace TwinLab.Network.Twin;

/// <summary>
/// A scan (and optional NVD, EPSS and KEV data) as a twin graph file of the <see cref="NetworkModels"/>: the network,
/// its subnets, hosts, their interfaces, every listed port as a service, and the CVEs matched to each open service.
/// </summary>
/// <remarks>
/// <para>Ids are stable, so a re-import of a newer scan finds the same twins: the network <c>network</c>; a subnet its
/// range (<c>192.168.56.0/24</c>); a host its primary address (<c>192.168.56.10</c>: IPv4, else IPv6, else MAC); its
/// interface <c>HOST:if0</c>; a service <c>HOST:PROTO/PORT</c> (<c>192.168.56.10:tcp/22</c>); a vulnerability
/// <c>SERVICE:CVE</c> (<c>192.168.56.10:tcp/80:CVE-2021-41773</c>). Relationship ids are <c>name:target</c>.</para>
/// <para>Without a topology the subnets are inferred from the addresses (/24 for IPv4, /64 for IPv6) and marked so.
/// Only hosts that are up are included. Vulnerabilities are matched on open ports only, with
/// <see cref="VulnerabilityMatcher"/>; their CVSS base score and severity are computed from the CVE's vector
/// (v3.1, else v3.0, else v4.0). Role, asset value and crown-jewel flags are not in a scan: a topology (or the user)
/// sets them, and <see cref="NetworkTwinStore"/> keeps them across re-imports.</para>
/// </remarks>
public sealed class NetworkGraph
{
    /// <summary>The id of the network's twin.</summary>
    public const string NetworkId = "network";

    private NetworkGraph(JsonObject graph, NetworkScanSummary summary)
    {
        Graph = graph;
        Summary = summary;
    }

    /// <summary>The graph file: <c>{"twins": […], "relationships": […]}</c>, as <c>TwinLab.Core.Application.GraphFile</c> loads it.</summary>
    public JsonObject Graph { get; }

    /// <summary>Counts and notes of the import.</summary>
    public NetworkScanSummary Summary { get; }

    /// <summary>Builds the graph of <paramref name="scan"/>, matching services against <paramref name="feeds"/>.</summary>
    /// <param name="scan">The scan, as <see cref="NmapXmlReader"/> read it.</param>
    /// <param name="feeds">Vulnerability data; none by default.</param>
    /// <param name="name">The network's display name.</param>
    public static NetworkGraph FromScan(ScanResult scan, VulnerabilityFeeds? feeds = null, string name = "network")
    {
        ArgumentNullException.ThrowIfNull(scan);
        ArgumentNullException.ThrowIfNull(name);
        feeds ??= VulnerabilityFeeds.None;
        return new Builder(scan, feeds, NetworkImportInputs.None).Build(name);
    }

    /// <summary>Builds the graph of <paramref name="scan"/> with a topology and firewall rules (see <see cref="NetworkImportInputs"/>).</summary>
    /// <param name="scan">The scan, as <see cref="NmapXmlReader"/> read it.</param>
    /// <param name="feeds">Vulnerability data.</param>
    /// <param name="inputs">Topology, rulesets and file paths.</param>
    /// <param name="name">The network's display name; the topology's name when null (else <c>network</c>).</param>
    /// <remarks>With a topology, each scanned host joins the Subnet twin of its zone (<c>zone:dmz</c>) instead of an
    /// inferred range, carries the topology's <c>name</c>, role, asset value and crown-jewel flag, and topology hosts the
    /// scan did not find are added as <c>declared</c> with their declared services. Scanned hosts the topology lacks and
    /// topology hosts the scan lacks are reported as notes.</remarks>
    public static NetworkGraph FromScan(ScanResult scan, VulnerabilityFeeds? feeds, NetworkImportInputs inputs, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(scan);
        ArgumentNullException.ThrowIfNull(inputs);
        feeds ??= VulnerabilityFeeds.None;
        var display = name ?? (inputs.Topology is { Name.Length: > 0 } t ? t.Name : "network");
        return new Builder(scan, feeds, inputs).Build(display);
    }

    /// <summary>The id of a host's twin: its primary address.</summary>
    public static string HostId(ScannedHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        return host.PrimaryAddress;
    }

    /// <summary>The id of a port's service twin: <c>HOST:PROTO/PORT</c>.</summary>
    public static string ServiceId(string hostId, string protocol, int port) => $"{hostId}:{protocol}/{port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The id of a vulnerability twin: <c>SERVICE:CVE</c>.</summary>
    public static string VulnerabilityId(string serviceId, string cve) => $"{serviceId}:{cve}";

    /// <summary>The inferred subnet of an address: the /24 of an IPv4 address, the /64 of an IPv6 address, null for
    /// anything else (a MAC).</summary>
    public static string? InferredSubnet(string address)
    {
        if (!IPAddress.TryParse(address, out var ip)) return null;
        var bytes = ip.GetAddressBytes();
        if (ip.AddressFamily == AddressFamily.InterNetwork)
            return $"{bytes[0]}.{bytes[1]}.{bytes[2]}.0/24";
        if (ip.AddressFamily != AddressFamily.InterNetworkV6) return null;
        for (var i = 8; i < 16; i++) bytes[i] = 0;
        return $"{new IPAddress(bytes)}/64";
    }

    private sealed class Builder(ScanResult scan, VulnerabilityFeeds feeds, NetworkImportInputs inputs)
    {
        private readonly GraphFileBuilder _b = new();
        private TopologyTwins? _topology;
        private readonly List<ImportNote> _notes = [];
        private readonly VulnerabilityMatcher? _matcher = feeds.Nvd is null ? null : new VulnerabilityMatcher(feeds.Nvd.Cves);
        private readonly Dictionary<string, int> _bySeverity = new(StringComparer.Ordinal);
        private readonly HashSet<string> _cves = new(StringComparer.Ordinal);
        private readonly List<HostOverview> _overviews = [];
        private int _hosts, _skipped, _ports, _open, _services, _unknown, _vulnerabilities, _kev;

        public NetworkGraph Build(string name)
        {
            _b.Twin(NetworkId, NetworkModels.Network, new JsonObject
            {
                ["name"] = name,
                ["scanFile"] = scan.File,
                ["scanner"] = Scanner,
                ["scanArgs"] = scan.Args,
                ["scanStarted"] = scan.Start is { } start ? start.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) : null,
                ["cveFile"] = feeds.Nvd?.File,
                ["cveCount"] = feeds.Nvd is null ? null : feeds.Nvd.Cves.Count,
                ["epssFile"] = feeds.Epss?.File,
                ["kevFile"] = feeds.Kev?.File,
                ["topologyFile"] = inputs.Topology?.File,
                ["topologyPath"] = inputs.Paths?.Topology,
                ["scanPath"] = inputs.Paths?.Scan,
                ["cvePath"] = inputs.Paths?.Cves,
                ["epssPath"] = inputs.Paths?.Epss,
                ["kevPath"] = inputs.Paths?.Kev,
            });
            if (inputs.Topology is { } topology)
            {
                _topology = new TopologyTwins(_b, topology);
                _topology.AddZones();
            }
            foreach (var note in scan.Notes)
                _notes.Add(new ImportNote(note.Kind == ScanNoteKind.UnknownService ? ImportNoteKind.UnknownService : ImportNoteKind.InvalidCpe,
                    $"{note.File}:{note.Line}", note.Host, PortText(note.Port), note.Message));
            foreach (var host in scan.Hosts) AddHost(host);
            var rules = 0;
            var files = new List<string>();
            if (_topology is not null)
            {
                foreach (var h in _topology.AddDeclaredHosts())
                    _notes.Add(new ImportNote(ImportNoteKind.NotScanned, $"{inputs.Topology!.File}:{h.Line}", _topology.HostIds[h.Name], null,
                        $"{h.Name} is in the topology but not up in the scan; its declared services are in the twin"));
                _topology.AddRelations();
            }
            // --iptables NAME=FILE replaces the topology's rules of that owner.
            var owners = inputs.Rulesets.Select(r => (Owner: OwnerOf(r.Owner), r.Owner, r.Rules)).ToList();
            var overridden = owners.Select(o => o.Owner).ToHashSet(StringComparer.Ordinal);
            foreach (var (owner, set, family) in _topology?.Rulesets() ?? [])
            {
                if (overridden.Contains(owner)) continue;
                rules += FirewallRuleTwins.Add(_b, owner, set, family);
                files.Add(set.File);
            }
            foreach (var (owner, given, set) in owners)
            {
                if (!_b.HasTwin(owner))
                    _b.Twin(owner, NetworkModels.Host, new JsonObject { ["name"] = given, ["role"] = "firewall" });
                rules += FirewallRuleTwins.Add(_b, owner, set, FirewallRuleTwins.FamilyOf(set));
                files.Add(set.File);
            }
            if (files.Count > 0) _b.FindTwin(NetworkId)!["firewallFiles"] = GraphFileBuilder.Strings(files);
            var topologySummary = inputs.Topology is null && inputs.Rulesets.Count == 0 ? null : new TopologyImportSummary(
                inputs.Topology?.File, _topology?.Zones ?? 0, _topology?.DeclaredHosts ?? 0, _topology?.Assets ?? 0, _topology?.Credentials ?? 0,
                _topology?.Trusts ?? 0, inputs.Topology?.Firewalls.Count ?? 0, rules, files);
            var summary = new NetworkScanSummary(scan.File, Scanner, scan.Args, scan.Start, feeds.Nvd?.File, feeds.Nvd?.Cves.Count ?? 0,
                feeds.Epss?.File, feeds.Kev?.File, _hosts, _skipped, _ports, _open, _services, _unknown, _vulnerabilities, _cves.Count, _kev,
                _bySeverity.OrderBy(kv => SeverityRank(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal),
                // Notes in file order, so each host's read together.
                [.. _notes.OrderBy(n => LineOf(n.Location))],
                _overviews, topologySummary);
            return new NetworkGraph(_b.Build(), summary);
        }

        /// <summary>The twin id of a <c>--iptables</c> owner: a topology host or firewall, a host twin id, or a firewall of its own.</summary>
        private string OwnerOf(string name) =>
            _topology?.OwnerId(name) ?? (_b.FindTwin(name) is { } t && t["$metadata"]?["$model"]?.GetValue<string>() == NetworkModels.Host ? name : TopologyTwins.FirewallId(name));

        private string Scanner => $"{scan.Scanner} {scan.Version}".Trim();

        private void AddHost(ScannedHost host)
        {
            var id = HostId(host);
            var where = $"{scan.File}:{host.Line}";
            if (host.State != "up")
            {
                Skip(where, id, $"host is {host.State}{(host.StateReason is null ? "" : $" ({host.StateReason})")}; not in the twin");
                return;
            }
            if (id.Length == 0)
            {
                Skip(where, null, "host has no address; not in the twin");
                return;
            }
            if (_b.HasTwin(id))
            {
                Skip(where, id, "host listed again; the first listing is in the twin");
                return;
            }
            _hosts++;
            var best = host.OsGuesses.FirstOrDefault();
            var bestClass = best?.Classes.FirstOrDefault() ?? host.OsClasses.FirstOrDefault();
            _b.Twin(id, NetworkModels.Host, new JsonObject
            {
                ["address"] = id,
                ["addresses"] = GraphFileBuilder.Strings(host.Addresses.Select(a => a.Address)),
                ["hostnames"] = GraphFileBuilder.Strings(host.Hostnames.Select(h => h.Name).Distinct(StringComparer.OrdinalIgnoreCase)),
                ["state"] = host.State,
                ["osGuess"] = best?.Name,
                ["osAccuracy"] = best?.Accuracy,
                ["osFamily"] = bestClass?.Family,
                ["osCpes"] = host.OsCpes.Count == 0 ? null : GraphFileBuilder.Strings(host.OsCpes.Select(c => c.ToString())),
            });
            var declared = _topology?.Find(host);
            if (declared is not null) _topology!.Describe(_b.FindTwin(id)!, id, declared);
            else if (_topology is not null)
                _notes.Add(new ImportNote(ImportNoteKind.NotInTopology, where, id, null, "host is in the scan but not in the topology; it joins the zone its address lies in"));
            var subnet = _topology?.SubnetOf(host, declared) ?? InferredSubnet(host.Ipv4 ?? host.Ipv6 ?? "");
            if (subnet is not null)
            {
                if (!_b.HasTwin(subnet))
                {
                    _b.Twin(subnet, NetworkModels.Subnet, new JsonObject { ["cidr"] = subnet, ["inferred"] = true });
                    _b.Relationship(NetworkId, NetworkModels.HasSubnet, subnet);
                }
                _b.Relationship(subnet, NetworkModels.HasHost, id);
            }
            var nic = id + ":if0";
            _b.Twin(nic, NetworkModels.Interface, new JsonObject
            {
                ["mac"] = host.Mac?.Address, ["macVendor"] = host.Mac?.Vendor, ["ipv4"] = host.Ipv4, ["ipv6"] = host.Ipv6,
            });
            _b.Relationship(id, NetworkModels.HasInterface, nic);
            if (subnet is not null) _b.Relationship(nic, NetworkModels.AttachedTo, subnet);
            var (open, vulnerabilities, kev) = (_open, _vulnerabilities, _kev);
            _hostMaxScore = null;
            foreach (var port in host.Ports) AddPort(host, id, port);
            _overviews.Add(new HostOverview(id, host.Hostnames.FirstOrDefault()?.Name, best?.Name, _open - open, _vulnerabilities - vulnerabilities, _hostMaxScore, _kev - kev));
        }

        private double? _hostMaxScore;

        private void AddPort(ScannedHost host, string hostId, ScannedPort port)
        {
            var id = ServiceId(hostId, port.Protocol, port.Number);
            if (_b.HasTwin(id)) return; // nmap lists a port once; a hand-edited file might not
            _ports++;
            var s = port.Service;
            _b.Twin(id, NetworkModels.Service, new JsonObject
            {
                ["protocol"] = port.Protocol,
                ["port"] = port.Number,
                ["state"] = port.State,
                ["name"] = s?.Name,
                ["product"] = s?.Product,
                ["version"] = s?.Version,
                ["extraInfo"] = s?.ExtraInfo,
                ["tunnel"] = s?.Tunnel,
                ["method"] = s?.Method,
                ["confidence"] = s?.Confidence,
                ["cpes"] = s is null || s.Cpes.Count == 0 ? null : GraphFileBuilder.Strings(s.Cpes.Select(c => c.ToString())),
            });
            _b.Relationship(hostId, NetworkModels.Runs, id);
            if (!port.IsOpen) return;
            _open++;
            if (s is null || s.IsUnknown) _unknown++;
            else _services++;
            if (_matcher is null || s is null) return;
            var result = _matcher.Match(host, port);
            var where = $"{scan.File}:{port.Line}";
            var portText = $"{port.Protocol}/{port.Number}";
            foreach (var u in result.Unmatched)
                _notes.Add(new ImportNote(ImportNoteKind.UnmatchedCpe, where, hostId, portText, u.Message));
            foreach (var match in result.Matches) AddVulnerability(id, match, where, hostId, portText);
        }

        private void AddVulnerability(string serviceId, VulnerabilityMatch match, string where, string hostId, string port)
        {
            var cve = match.Cve;
            var id = VulnerabilityId(serviceId, cve.Id);
            var metric = cve.CvssV31 ?? cve.CvssV30 ?? cve.CvssV40;
            double? score = null;
            double? exploitability = null;
            if (metric is null)
                _notes.Add(new ImportNote(ImportNoteKind.ScoreUnavailable, where, hostId, port, $"{cve.Id} has no CVSS metric in the data; it is unscored"));
            else if (CvssCalculator.TryScore(metric.VectorString, out var computed, out var error))
            {
                score = computed!.BaseScore;
                exploitability = computed.ExploitabilityFraction;
            }
            else
            {
                score = metric.BaseScore;
                _notes.Add(new ImportNote(ImportNoteKind.ScoreUnavailable, where, hostId, port, $"{cve.Id}: {error!.Message}; NVD's base score {metric.BaseScore.ToString(CultureInfo.InvariantCulture)} is used"));
            }
            var severity = score is { } sc ? CvssCalculator.Rate(sc).ToString().ToLowerInvariant() : "unscored";
            var epss = feeds.Epss?.Find(cve.Id);
            var kev = feeds.Kev?.Find(cve.Id);
            _b.Twin(id, NetworkModels.Vulnerability, new JsonObject
            {
                ["cveId"] = cve.Id,
                ["description"] = cve.Description.Length == 0 ? null : cve.Description,
                ["cvssVersion"] = metric?.Version,
                ["cvssVector"] = metric?.VectorString,
                ["baseScore"] = score,
                ["severity"] = score is null ? null : severity,
                ["exploitability"] = exploitability,
                ["epssProbability"] = epss?.Probability,
                ["epssPercentile"] = epss?.Percentile,
                ["inKev"] = feeds.Kev is null ? null : kev is not null,
                ["ransomware"] = kev is null ? null : kev.KnownRansomwareCampaignUse == RansomwareUse.Known,
                ["matchedCpe"] = match.ServiceCpe.ToString(),
                ["certainty"] = match.Certainty == MatchCertainty.Confirmed ? "confirmed" : "platformUnknown",
                ["weaknesses"] = cve.Weaknesses.Count == 0 ? null : GraphFileBuilder.Strings(cve.Weaknesses),
            });
            _b.Relationship(serviceId, NetworkModels.HasVulnerability, id);
            _vulnerabilities++;
            if (score is { } scored && !(_hostMaxScore >= scored)) _hostMaxScore = scored;
            _cves.Add(cve.Id);
            if (kev is not null) _kev++;
            _bySeverity[severity] = _bySeverity.GetValueOrDefault(severity) + 1;
        }

        private void Skip(string where, string? host, string message)
        {
            _skipped++;
            _notes.Add(new ImportNote(ImportNoteKind.HostSkipped, where, host is { Length: > 0 } ? host : null, null, message));
        }

        // ScanNote writes ports as "49152/tcp"; the twin's ids and the other notes write "tcp/49152".
        private static string? PortText(string? port)
        {
            if (port is null) return null;
            var slash = port.IndexOf('/', StringComparison.Ordinal);
            return slash > 0 && int.TryParse(port[..slash], NumberStyles.None, CultureInfo.InvariantCulture, out _) ? $"{port[(slash + 1)..]}/{port[..slash]}" : port;
        }

        private static int LineOf(string? location)
        {
            var colon = location?.LastIndexOf(':') ?? -1;
            return colon >= 0 && int.TryParse(location![(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var line) ? line : int.MaxValue;
        }

        private static int SeverityRank(string severity) => severity switch
        {
            "critical" => 0, "high" => 1, "medium" => 2, "low" => 3, "none" => 4, _ => 5,
        };
    }
}
