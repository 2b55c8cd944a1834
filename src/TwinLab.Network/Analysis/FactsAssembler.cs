using System.Globalization;
using System.Net;
using TwinLab.Network.AttackGraph;
using TwinLab.Network.Cvss;
using TwinLab.Network.Firewall;
using TwinLab.Network.Reachability;
using TwinLab.Network.Scan;
using TwinLab.Network.Topology;
using TwinLab.Network.Vulnerabilities;
using GraphHacl = TwinLab.Network.AttackGraph.Hacl;

namespace TwinLab.Network.Analysis;

/// <summary>The work of <see cref="AttackFactsBuilder.Build"/>, one run per instance.</summary>
internal sealed class FactsAssembler(NetworkTopology topology, ScanResult? scan, List<CveRecord> cves, EpssData? epss, KevCatalog? kev,
    AttackFactsOptions options)
{
    /// <summary>nmap's CPE vendor:product → NVD's current one for the same software.</summary>
    private static readonly Dictionary<(string, string), (string Vendor, string Product)> Aliases = new()
    {
        [("mysql", "mysql")] = ("oracle", "mysql"),
    };

    /// <summary>Remote OS vulnerabilities reached through one service only: the service names and ports that expose
    /// them (Zerologon: MS-NRPC over RPC, Microsoft advisory CVE-2020-1472; SMBGhost and EternalBlue: SMB on 445;
    /// BlueKeep: RDP on 3389).</summary>
    private static readonly Dictionary<string, (string[] Names, int[] Ports)> OsServiceHints = new(StringComparer.Ordinal)
    {
        ["CVE-2020-1472"] = (["msrpc"], [135]),
        ["CVE-2020-0796"] = (["microsoft-ds"], [445]),
        ["CVE-2017-0144"] = (["microsoft-ds"], [445]),
        ["CVE-2019-0708"] = (["ms-wbt-server"], [3389]),
    };

    private sealed record ServiceEntry(string Host, HostService Service, ScannedPort? Port, string Program, string User);

    private readonly List<AnalysisNote> _notes = [];
    private readonly HashSet<string> _notedCves = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ScannedHost> _scanOf = new(StringComparer.Ordinal);
    private readonly List<ServiceEntry> _services = [];
    private readonly Dictionary<string, VulnProperty?> _properties = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CvssScore?> _scores = new(StringComparer.Ordinal);
    private readonly List<VulnExists> _vulns = [];
    private readonly HashSet<(string, string, string)> _vulnKeys = [];
    private readonly List<VulnerabilityFinding> _findings = [];

    public AttackFactsBuild Run()
    {
        var merged = MergeScan();
        var engine = new ReachabilityEngine(merged);
        var matrix = engine.ComputeMatrix(_services.Select(s => new ServiceEndpoint(s.Host, s.Service.Protocol, s.Service.Port, s.Service.Name)));
        if (cves.Count > 0) MatchVulnerabilities(merged);
        var (hacls, groups) = options.GroupReachability ? GroupedHacls(merged, matrix) : (PairHacls(merged, matrix), new List<HostGroup>());
        var facts = new AttackFacts
        {
            AttackerLocations = [.. merged.AttackerStarts.Select(s => s.IsHost
                ? new AttackerLocated(s.Location, s.Privilege == PrivilegeLevel.Admin ? options.RootUser : options.StartUser)
                : new AttackerLocated(s.Location))],
            Hacls = hacls,
            HostGroups = groups,
            Services = [.. _services.Select(s => new NetworkService(s.Host, s.Program, s.Service.Protocol.Name(), s.Service.Port, s.User))],
            Vulnerabilities = _vulns,
            VulnProperties = [.. _properties.Values.OfType<VulnProperty>().OrderBy(p => p.VulnId, StringComparer.Ordinal)],
            StoredCredentials = [.. merged.Credentials.SelectMany(c => c.StoredOn.Select(h => new CredentialStoredOn(c.Name, h)))],
            CredentialValidity = [.. merged.Credentials.SelectMany(c => c.ValidOn.Select(h => new CredentialValidFor(c.Name, h, Account(c.User, c.Privilege))))],
            Trusts = [.. merged.Trusts.Select(t => new Trust(t.From, t.To, Account(t.User, t.Privilege),
                t.Via.Contains("kerberos", StringComparison.OrdinalIgnoreCase) ? TrustKind.Kerberos : TrustKind.SshKey))],
            Assets = [.. merged.Hosts.Where(h => h.AssetValue > 0 || h.CrownJewel).Select(h => new Asset(h.Name, h.AssetValue, h.CrownJewel))],
        };
        var order = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < merged.Hosts.Count; i++) order[merged.Hosts[i].Name] = i;
        var findings = _findings.OrderBy(f => order.GetValueOrDefault(f.Host, int.MaxValue)).ThenBy(f => f.CveId, StringComparer.Ordinal).ThenBy(f => f.Service, StringComparer.Ordinal).ToList();
        return new AttackFactsBuild(merged, engine, matrix, facts, findings, _notes);
    }

    private string Account(string user, PrivilegeLevel privilege) => privilege == PrivilegeLevel.Admin ? options.RootUser : user;

    // ---- scan merge ----

    private NetworkTopology MergeScan()
    {
        var hosts = topology.Hosts.ToList();
        var byAddress = new Dictionary<IPAddress, int>();
        for (var i = 0; i < hosts.Count; i++) foreach (var a in hosts[i].Addresses) byAddress.TryAdd(a, i);
        var names = new HashSet<string>(hosts.Select(h => h.Name).Concat(topology.Zones.Select(z => z.Name)), StringComparer.Ordinal);
        var scannedPorts = new Dictionary<string, List<ScannedPort>>(StringComparer.Ordinal);
        if (scan is null)
            _notes.Add(new AnalysisNote(AnalysisNoteKind.NoScan, topology.File, "no scan given: services come from the topology, without CPEs, so no vulnerability can be matched"));
        else
        {
            foreach (var n in scan.Notes)
                _notes.Add(new AnalysisNote(AnalysisNoteKind.ScanNote, n.Port is null ? n.Host : $"{n.Host} {n.Port}", n.ToString()));
            foreach (var sh in scan.Hosts)
            {
                var where = $"{scan.File}:{sh.Line}";
                if (sh.State != "up")
                {
                    _notes.Add(new AnalysisNote(AnalysisNoteKind.HostNotUp, sh.PrimaryAddress, $"{where}: host is {sh.State}; its ports are ignored"));
                    continue;
                }
                var addresses = sh.Addresses.Where(a => a.Type != AddressType.Mac)
                    .Select(a => IPAddress.TryParse(a.Address, out var ip) ? ip : null).OfType<IPAddress>().ToList();
                if (addresses.Count == 0) throw new AnalysisException(scan.File, sh.Line, "scanned host has no IPv4 or IPv6 address");
                var index = addresses.Select(a => byAddress.TryGetValue(a, out var i) ? i : -1).FirstOrDefault(i => i >= 0, -1);
                if (index < 0)
                {
                    var zone = topology.ZoneOf(addresses[0]) ?? throw new AnalysisException(scan.File, sh.Line,
                        $"scanned host {addresses[0]} lies in no zone of {topology.File}; add its subnet to a zone");
                    var name = NewName(sh, addresses[0], names);
                    hosts.Add(new NetworkHost { Name = name, Zone = zone.Name, Addresses = addresses.Where(a => topology.ZoneOf(a) == zone).ToList(), Role = "unknown" });
                    index = hosts.Count - 1;
                    foreach (var a in addresses) byAddress.TryAdd(a, index);
                    _notes.Add(new AnalysisNote(AnalysisNoteKind.UnknownScannedHost, name,
                        $"{where}: {addresses[0]}{(sh.Hostnames.Count > 0 ? $" ({sh.Hostnames[0].Name})" : "")} is not in {topology.File}; added to zone '{zone.Name}' as '{name}'"));
                }
                var host = hosts[index];
                if (_scanOf.ContainsKey(host.Name))
                {
                    _notes.Add(new AnalysisNote(AnalysisNoteKind.ScanNote, host.Name, $"{where}: host scanned twice; the first scan of it is used"));
                    continue;
                }
                _scanOf[host.Name] = sh;
                scannedPorts[host.Name] = [.. sh.Ports];
            }
        }
        for (var i = 0; i < hosts.Count; i++)
        {
            var host = hosts[i];
            if (!_scanOf.TryGetValue(host.Name, out var sh))
            {
                foreach (var s in host.Services) AddService(host.Name, s, null, windows: false);
                continue;
            }
            var windows = IsWindows(sh);
            var covered = sh.Ports.Select(p => p.Protocol.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
            if (sh.ExtraPorts.Count > 0) covered.Add("tcp");
            var effective = new List<HostService>();
            var declared = topology.FindHost(host.Name) is not null;
            foreach (var p in sh.Ports.Where(p => p.IsOpen))
            {
                var protocol = IpProtocols.Parse(p.Protocol);
                if (protocol is not (IpProtocol.Tcp or IpProtocol.Udp))
                {
                    _notes.Add(new AnalysisNote(AnalysisNoteKind.UnsupportedProtocol, $"{host.Name}:{p.Number}/{p.Protocol}",
                        $"{scan!.File}:{p.Line}: open {p.Protocol} port left out; the twin models TCP and UDP services"));
                    continue;
                }
                var service = new HostService(p.Service?.Name is { Length: > 0 } n ? n : $"{p.Protocol}/{p.Number}", protocol, p.Number);
                if (effective.Any(e => e.Protocol == protocol && e.Port == p.Number)) continue;
                effective.Add(service);
                AddService(host.Name, service, p, windows);
                if (declared && !host.Services.Any(d => d.Protocol == protocol && d.Port == p.Number))
                    _notes.Add(new AnalysisNote(AnalysisNoteKind.UndeclaredService, $"{host.Name}:{p.Number}/{p.Protocol}",
                        $"{scan!.File}:{p.Line}: open in the scan ({service.Name}) but not declared in {topology.File}; kept"));
            }
            foreach (var d in host.Services)
            {
                if (effective.Any(e => e.Protocol == d.Protocol && e.Port == d.Port)) continue;
                if (covered.Contains(d.Protocol.Name()))
                    _notes.Add(new AnalysisNote(AnalysisNoteKind.DeclaredServiceNotSeen, $"{host.Name}:{d.Port}/{d.Protocol.Name()}",
                        $"{topology.File}:{host.Line}: declares {d} but the scan ({scan!.File}:{sh.Line}) did not find it open; left out"));
                else
                {
                    effective.Add(d);
                    AddService(host.Name, d, null, windows);
                }
            }
            hosts[i] = host with { Services = effective };
        }
        return scan is null ? topology : topology.WithHosts(hosts);
    }

    private static string NewName(ScannedHost sh, IPAddress address, HashSet<string> names)
    {
        var label = sh.Hostnames.Select(h => h.Name.Split('.')[0]).FirstOrDefault(n => n.Length > 0);
        var name = label ?? "host-" + address.ToString().Replace('.', '-').Replace(':', '-');
        var unique = name;
        for (var k = 2; !names.Add(unique); k++) unique = $"{name}-{k.ToString(CultureInfo.InvariantCulture)}";
        return unique;
    }

    private static bool IsWindows(ScannedHost sh) =>
        sh.OsCpes.Concat(sh.Ports.Where(p => p.Service is not null).SelectMany(p => p.Service!.Cpes))
            .Any(c => c.Part == "o" && c.Vendor == "microsoft");

    private void AddService(string host, HostService service, ScannedPort? port, bool windows)
    {
        var program = port?.Service?.Cpes.FirstOrDefault(c => c.Part == "a")?.Product ?? service.Name;
        _services.Add(new ServiceEntry(host, service, port, program, ServiceAccounts.UserOf(program, windows, options.RootUser)));
    }

    // ---- vulnerabilities ----

    private void MatchVulnerabilities(NetworkTopology merged)
    {
        var matcher = new VulnerabilityMatcher(cves);
        var osMatcher = new OsVulnerabilityMatcher(cves);
        var byHost = _services.ToLookup(s => s.Host, StringComparer.Ordinal);
        var found = new HashSet<(string Host, string Cve)>();
        foreach (var host in merged.Hosts)
        {
            if (!_scanOf.TryGetValue(host.Name, out var sh)) continue;
            var entries = byHost[host.Name].ToList();
            foreach (var e in entries)
            {
                if (e.Port?.Service is not { } info) continue;
                var subject = $"{host.Name}:{e.Service.Port}/{e.Service.Protocol.Name()}";
                var own = info.Cpes.Select(c => Aliased(c, subject)).ToList();
                var others = sh.Ports.Where(p => p != e.Port && p.Service is not null).SelectMany(p => p.Service!.Cpes).Distinct().ToList();
                var result = matcher.Match(new ServiceQuery(own, info.Product, info.Version, BestOsCpes(sh), others));
                foreach (var u in result.Unmatched)
                {
                    // An OS CPE on a service is checked at host level below; only report application CPEs here.
                    if (u.Cpe?.Part == "o") continue;
                    var kind = u.Reason switch
                    {
                        UnmatchedReason.NoCpe => AnalysisNoteKind.NoCpe,
                        UnmatchedReason.VersionUnknown => AnalysisNoteKind.VersionUnknown,
                        _ => AnalysisNoteKind.CpeNotInData,
                    };
                    _notes.Add(new AnalysisNote(kind, subject, $"{scan!.File}:{e.Port.Line}: {u.Message}"));
                }
                foreach (var m in result.Matches)
                    if (AddFinding(host.Name, subject, e.Service.ToString(), m.Cve, e.Program, m.Certainty == MatchCertainty.Confirmed)) found.Add((host.Name, m.Cve.Id));
            }
            var hostCpes = BestOsCpes(sh).Concat(sh.Ports.Where(p => p.Service is not null).SelectMany(p => p.Service!.Cpes)).ToList();
            foreach (var (cve, hostCpe, confirmed) in osMatcher.Match(hostCpes))
            {
                if (found.Contains((host.Name, cve.Id))) continue;
                if (Property(cve) is not { } property) continue;
                if (property.Range != ExploitRange.Remote)
                {
                    AddFinding(host.Name, host.Name, null, cve, hostCpe.Product, confirmed);
                    continue;
                }
                var targets = OsServiceHints.TryGetValue(cve.Id, out var hint)
                    ? entries.Where(s => hint.Names.Contains(s.Service.Name) || hint.Ports.Contains(s.Service.Port)).ToList()
                    : entries.Where(s => s.Port?.Service?.Cpes.Any(c => c.Part == "o" && c.Vendor == hostCpe.Vendor) == true).ToList();
                if (targets.Count == 0)
                {
                    _notes.Add(new AnalysisNote(AnalysisNoteKind.NoServiceForOsVulnerability, $"{host.Name} {cve.Id}",
                        $"{hostCpe} matches {cve.Id}, a remote OS vulnerability, but no OS service listens on {host.Name}; left out"));
                    continue;
                }
                foreach (var t in targets)
                    AddFinding(host.Name, $"{host.Name}:{t.Service.Port}/{t.Service.Protocol.Name()}", t.Service.ToString(), cve, t.Program, confirmed);
            }
        }
    }

    /// <summary>The CPEs of nmap's best OS match (the first; nmap lists matches best first), not of every guess: a host
    /// is one OS, and every guess at once would match the CVEs of all of them.</summary>
    private static IReadOnlyList<Cpe> BestOsCpes(ScannedHost sh) =>
        sh.OsGuesses.FirstOrDefault() is { Classes.Count: > 0 } best
            ? [.. best.Classes.SelectMany(c => c.Cpes).Distinct()]
            : [.. sh.OsClasses.Take(1).SelectMany(c => c.Cpes)];

    private Cpe Aliased(Cpe cpe, string subject)
    {
        if (!Aliases.TryGetValue((cpe.Vendor, cpe.Product), out var alias)) return cpe;
        _notes.Add(new AnalysisNote(AnalysisNoteKind.CpeAlias, subject, $"{cpe} looked up as {alias.Vendor}:{alias.Product}, NVD's name for the same product"));
        return cpe with { Vendor = alias.Vendor, Product = alias.Product };
    }

    /// <summary>Adds a finding and its vulExists fact; false when the CVE is left out.</summary>
    private bool AddFinding(string host, string subject, string? service, CveRecord cve, string program, bool confirmed)
    {
        if (Property(cve) is not { } property) return false;
        if (!confirmed)
        {
            if (!options.IncludeUnconfirmedMatches) return false;
            _notes.Add(new AnalysisNote(AnalysisNoteKind.UnconfirmedMatch, $"{subject} {cve.Id}",
                $"{cve.Id} matches only possibly: the platform or OS version is known less precisely than NVD's criterion; kept"));
        }
        if (_vulnKeys.Add((host, cve.Id, program.ToLowerInvariant()))) _vulns.Add(new VulnExists(host, cve.Id, program));
        var score = _scores[cve.Id]!;
        _findings.Add(new VulnerabilityFinding(host, service, cve.Id, program, property.Range, property.Consequence, property.ExploitProbability,
            score.BaseScore, epss?.Find(cve.Id)?.Probability, kev?.Contains(cve.Id) == true, confirmed));
        return true;
    }

    /// <summary>The vulnProperty of a CVE, or null (reported once) when it has no usable CVSS v3 vector.</summary>
    private VulnProperty? Property(CveRecord cve)
    {
        if (_properties.TryGetValue(cve.Id, out var known)) return known;
        VulnProperty? property = null;
        CvssScore? score = null;
        if (cve.CvssV3?.VectorString is not { Length: > 0 } vector)
            Note(AnalysisNoteKind.CveWithoutVector, cve.Id, "has no CVSS v3 vector, so its range and consequence are unknown; left out");
        else if (!Cvss.Cvss.TryScore(vector, out score, out var error) || ExploitModel.Classify(score!) is not { } c)
            Note(AnalysisNoteKind.CveWithoutVector, cve.Id, $"its CVSS vector '{vector}' cannot be used ({error?.Message ?? "not v3"}); left out");
        else
        {
            var inKev = kev?.Contains(cve.Id) == true;
            property = new VulnProperty(cve.Id, c.Range, c.Consequence,
                ExploitModel.Probability(score, epss?.Find(cve.Id)?.Probability, inKev, options), ExploitModel.Hours(score, inKev, options));
            if (c.Consequence == ExploitConsequence.DoS)
                Note(AnalysisNoteKind.NoPrivilegeGained, cve.Id, $"{vector}: no high confidentiality or integrity impact, so it gives the attacker no privilege; kept as DoS, which the graph ignores");
        }
        _scores[cve.Id] = score;
        return _properties[cve.Id] = property;
    }

    private void Note(AnalysisNoteKind kind, string cve, string message)
    {
        if (_notedCves.Add(cve + kind)) _notes.Add(new AnalysisNote(kind, cve, $"{cve} {message}"));
    }

    // ---- reachability ----

    private List<GraphHacl> PairHacls(NetworkTopology merged, ReachabilityMatrix matrix)
    {
        var list = new List<GraphHacl>();
        var sources = merged.Hosts.Select(h => h.Name).Concat(StartZones(merged));
        foreach (var source in sources)
            foreach (var i in matrix.ReachableServiceIndices(source))
            {
                var s = matrix.Services[i];
                list.Add(new GraphHacl(source, s.Host, s.Protocol.Name(), s.Port));
            }
        return list;
    }

    private static IEnumerable<string> StartZones(NetworkTopology t) =>
        t.AttackerStarts.Where(s => !s.IsHost).Select(s => s.Location).Distinct(StringComparer.Ordinal);

    /// <summary>One host group per source class with several hosts and one per destination class (hosts whose service
    /// on a protocol and port is reached by the same source classes); hacl facts then join classes, not hosts.</summary>
    private (List<GraphHacl>, List<HostGroup>) GroupedHacls(NetworkTopology merged, ReachabilityMatrix matrix)
    {
        var used = new HashSet<string>(merged.Hosts.Select(h => h.Name).Concat(merged.Zones.Select(z => z.Name)), StringComparer.Ordinal);
        var rowHosts = new SortedDictionary<int, List<string>>();
        var rowZones = new SortedDictionary<int, List<string>>();
        foreach (var h in merged.Hosts) Add(rowHosts, matrix.SourceClassOf(h.Name), h.Name);
        foreach (var z in StartZones(merged)) Add(rowZones, matrix.SourceClassOf(z), z);
        var rows = rowHosts.Keys.Union(rowZones.Keys).Order().ToArray();

        var groups = new List<HostGroup>();
        var sourceNames = new Dictionary<int, List<string>>();
        foreach (var r in rows)
        {
            var names = new List<string>();
            if (rowHosts.TryGetValue(r, out var members))
            {
                if (members.Count == 1) names.Add(members[0]);
                else
                {
                    var group = Unique(used, $"{CommonZone(merged, members)}-sources-{r.ToString(CultureInfo.InvariantCulture)}");
                    names.Add(group);
                    groups.AddRange(members.Select(m => new HostGroup(group, m)));
                }
            }
            if (rowZones.TryGetValue(r, out var zones)) names.AddRange(zones);
            sourceNames[r] = names;
        }

        var reachedBy = new List<int>[matrix.Services.Count];
        foreach (var r in rows)
            foreach (var i in matrix.ServiceIndicesOfClass(r)) (reachedBy[i] ??= []).Add(r);
        var classes = new Dictionary<(string Rows, string Protocol, int Port), (int[] Rows, List<string> Hosts)>();
        for (var i = 0; i < reachedBy.Length; i++)
        {
            if (reachedBy[i] is not { } by) continue;
            var s = matrix.Services[i];
            var key = (string.Join(',', by), s.Protocol.Name(), s.Port);
            if (!classes.TryGetValue(key, out var c)) classes[key] = c = ([.. by], []);
            if (c.Hosts.Count == 0 || c.Hosts[^1] != s.Host) c.Hosts.Add(s.Host);
        }
        var hacls = new List<GraphHacl>();
        var n = 0;
        foreach (var (key, (byRows, hosts)) in classes)
        {
            string destination;
            if (hosts.Count == 1) destination = hosts[0];
            else
            {
                destination = Unique(used, $"{CommonZone(merged, hosts)}-{key.Protocol}-{key.Port.ToString(CultureInfo.InvariantCulture)}-{(n++).ToString(CultureInfo.InvariantCulture)}");
                groups.AddRange(hosts.Distinct(StringComparer.Ordinal).Select(h => new HostGroup(destination, h)));
            }
            foreach (var r in byRows)
                foreach (var source in sourceNames[r])
                    if (source != destination) hacls.Add(new GraphHacl(source, destination, key.Protocol, key.Port));
        }
        return (hacls, groups);
    }

    private static void Add(SortedDictionary<int, List<string>> index, int key, string value)
    {
        if (!index.TryGetValue(key, out var list)) index[key] = list = [];
        list.Add(value);
    }

    private static string CommonZone(NetworkTopology t, List<string> hosts)
    {
        var zones = hosts.Select(h => t.FindHost(h)?.Zone ?? "").Distinct(StringComparer.Ordinal).ToList();
        return zones.Count == 1 ? zones[0] : "mixed";
    }

    private static string Unique(HashSet<string> used, string name)
    {
        var unique = name;
        for (var k = 2; !used.Add(unique); k++) unique = $"{name}~{k.ToString(CultureInfo.InvariantCulture)}";
        return unique;
    }
}
