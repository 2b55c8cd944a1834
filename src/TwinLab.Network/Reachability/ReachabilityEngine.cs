using System.Net;
using System.Net.Sockets;
using TwinLab.Core.Errors;
using TwinLab.Network.Firewall;
using TwinLab.Network.Topology;

namespace TwinLab.Network.Reachability;

/// <summary>Answers whether a source (host or zone) can open a new connection to a host's service, along the zone path
/// through the firewalls, and explains which rule decided at each crossing.</summary>
/// <remarks>
/// <para>Semantics. Zones are joined by firewalls; traffic between two zones follows the shortest zone path (ties broken by
/// firewall order in the topology). At each firewall its filter table is evaluated from the forward chain with the
/// interfaces facing the two zones: first match wins, jumps return, <c>-g</c> does not, RETURN at the top and the end of the
/// chain give the policy. Only rules that admit a NEW connection (a TCP SYN, an ICMP echo request) can accept it.
/// Crossings without a rules file are decided by the topology's allowed flows (default deny), and so are zone pairs no
/// firewall joins. Traffic inside a zone passes. Finally the destination's own INPUT chain, if it has a rules file, must
/// accept. The source port is the attacker's choice: a connection is possible when some source port gets through.
/// Unsupported matches are assumed to match on accepting rules and not on dropping ones (an over-estimate of exposure).
/// A connection entering a firewall is marked DNAT (for <c>--ctstate DNAT</c>) when a nat PREROUTING DNAT rule translates to
/// its destination. Addresses are taken as routable wherever the zone path leads (no routing tables, no NAT hiding).</para>
/// <para>Thread-safety: not thread-safe; use one engine per thread.</para>
/// </remarks>
public sealed partial class ReachabilityEngine
{
    /// <summary>Linux's default ephemeral port range starts at 32768 (<c>net.ipv4.ip_local_port_range</c> = 32768 60999,
    /// kernel ip-sysctl documentation); explanations show that port unless another one is needed.</summary>
    private const int EphemeralPort = 32768;

    private readonly Dictionary<(FirewallDevice, bool, string, string), CompiledTable?> _crossings = [];
    private readonly Dictionary<(FirewallRuleset, string), CompiledTable?> _hostInputs = [];
    private readonly Dictionary<NetworkHost, CompiledTable?> _hostInputByHost = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Zone, int> _zoneNumber = new(ReferenceEqualityComparer.Instance);
    private FirewallHop[]?[,] _paths = new FirewallHop[0, 0][];
    private bool[,] _pathKnown = new bool[0, 0];
    private readonly Dictionary<string, IPAddress[]> _flowHostAddresses = new(StringComparer.Ordinal);
    private readonly List<(string Zone, string Firewall, string Next)>[] _adjacency;
    private readonly Dictionary<string, int> _zoneIndex = new(StringComparer.Ordinal);
    private readonly int[] _sourcePorts;
    private readonly Zone?[] _v4Zones, _v6Zones;

    /// <summary>Prepares the engine: cuts the address and port spaces into equivalence classes and indexes the zone graph.</summary>
    /// <param name="topology">The network.</param>
    public ReachabilityEngine(NetworkTopology topology)
    {
        Topology = topology;
        for (var i = 0; i < topology.Zones.Count; i++)
        {
            _zoneIndex[topology.Zones[i].Name] = i;
            _zoneNumber[topology.Zones[i]] = i;
        }
        _paths = new FirewallHop[topology.Zones.Count, topology.Zones.Count][];
        _pathKnown = new bool[topology.Zones.Count, topology.Zones.Count];
        _adjacency = [.. topology.Zones.Select(_ => new List<(string, string, string)>())];
        foreach (var fw in topology.Firewalls)
            foreach (var a in fw.Zones)
                foreach (var b in fw.Zones.Where(b => b != a))
                    _adjacency[_zoneIndex[a]].Add((a, fw.Name, b));
        foreach (var flow in topology.Flows)
            foreach (var place in new[] { flow.From, flow.To })
                if (topology.FindHost(place) is { } h) _flowHostAddresses[h.Name] = [.. h.Addresses];

        var rules = RuleTables().SelectMany(t => t.Chains).SelectMany(c => c.Rules).ToList();
        var prefixes = rules.SelectMany(r => new[] { r.Source?.Value, r.Destination?.Value }).OfType<IpPrefix>()
            .Concat(topology.Zones.SelectMany(z => z.Subnets))
            .Concat(_flowHostAddresses.Values.SelectMany(a => a).Select(IpPrefix.Single))
            .Concat(DnatBoundaries().Select(b => b.Prefix).OfType<IpPrefix>())
            .ToList();
        V4 = new AddressAtoms(false, prefixes);
        V6 = new AddressAtoms(true, prefixes);
        DestinationPorts = new PortAtoms(rules.SelectMany(r => (r.DestinationPorts?.Value ?? []).Concat(r.EitherPorts?.Value ?? []))
            .Concat(topology.Flows.SelectMany(f => f.Ports).Select(p => p.Ports))
            .Concat(DnatBoundaries().Select(b => b.Ports).OfType<PortRange>()));
        _sourcePorts = new PortAtoms(rules.SelectMany(r => (r.SourcePorts?.Value ?? []).Concat(r.EitherPorts?.Value ?? [])))
            .Representatives(EphemeralPort);
        _v4Zones = ZonesOfAtoms(V4);
        _v6Zones = ZonesOfAtoms(V6);
    }

    /// <summary>The network analysed.</summary>
    public NetworkTopology Topology { get; }

    /// <summary>Every match or target in the topology's rules files that the engine does not evaluate exactly, with file and line.</summary>
    public IReadOnlyList<UnsupportedMatch> Unsupported =>
        [.. Topology.Firewalls.SelectMany(f => new[] { f.Rules, f.Rules6 }).Concat(Topology.Hosts.Select(h => h.HostFirewall))
            .OfType<FirewallRuleset>().Distinct().SelectMany(r => r.Unsupported)];

    internal AddressAtoms V4 { get; }

    internal AddressAtoms V6 { get; }

    internal PortAtoms DestinationPorts { get; }

    /// <summary>True when <paramref name="from"/> (a host or zone) can open a new connection to the service.</summary>
    /// <param name="from">A host or zone name.</param>
    /// <param name="toHost">The destination host.</param>
    /// <param name="protocol">TCP, UDP or ICMP.</param>
    /// <param name="port">The destination port (ignored for ICMP).</param>
    public bool CanConnect(string from, string toHost, IpProtocol protocol, int port) => Decide(from, toHost, protocol, port, explain: false).Allowed;

    /// <summary>Whether <paramref name="from"/> can open a new connection, with the rule or policy that decided at every crossing.</summary>
    /// <param name="from">A host or zone name.</param>
    /// <param name="toHost">The destination host.</param>
    /// <param name="protocol">TCP, UDP or ICMP.</param>
    /// <param name="port">The destination port (ignored for ICMP).</param>
    /// <returns>The decision; for a source with several addresses, the first one allowed, or the first one tried.</returns>
    public ReachabilityExplanation Explain(string from, string toHost, IpProtocol protocol, int port) => Decide(from, toHost, protocol, port, explain: true);

    /// <summary>The zones crossed from one zone to another (both included), or null when no firewall path joins them.</summary>
    /// <param name="fromZone">The source zone.</param>
    /// <param name="toZone">The destination zone.</param>
    public IReadOnlyList<string>? ZonePath(string fromZone, string toZone) =>
        Path(Topology.FindZone(fromZone) ?? throw new TwinLabException(ErrorCodes.InvalidArgument, $"unknown zone '{fromZone}'"),
            Topology.FindZone(toZone) ?? throw new TwinLabException(ErrorCodes.InvalidArgument, $"unknown zone '{toZone}'")) is { } hops
            ? [fromZone, .. hops.Select(h => h.ToZone)] : null;

    private ReachabilityExplanation Decide(string from, string toHost, IpProtocol protocol, int port, bool explain)
    {
        if (protocol is not (IpProtocol.Tcp or IpProtocol.Udp or IpProtocol.Icmp))
            throw new TwinLabException(ErrorCodes.InvalidArgument, $"protocol must be tcp, udp or icmp, not {protocol.Name()}");
        if (protocol != IpProtocol.Icmp && port is < 0 or > 65535)
            throw new TwinLabException(ErrorCodes.InvalidArgument, $"port {port} is outside 0 to 65535");
        if (protocol == IpProtocol.Icmp) port = 0;
        var destination = Topology.FindHost(toHost) ?? throw new TwinLabException(ErrorCodes.InvalidArgument, $"unknown destination host '{toHost}'");
        var sources = SourceAddresses(from);
        if (Topology.FindHost(from) is { } self && self.Name == destination.Name)
            return new ReachabilityExplanation(true, from, toHost, protocol, port, null, null, 0, [destination.Zone],
                [new HopDecision(HopKind.HostInput, destination.Name, destination.Zone, destination.Zone, null, null, true, null, false, [], "a host reaches its own services locally")]);
        ReachabilityExplanation? first = null;
        foreach (var dst in destination.Addresses)
        {
            var v6 = dst.AddressFamily == AddressFamily.InterNetworkV6;
            foreach (var (src, srcZone) in sources.Where(s => s.Address.AddressFamily == dst.AddressFamily))
            {
                var dstZone = Topology.FindZone(destination.Zone)!;
                foreach (var sport in _sourcePorts)
                {
                    var packet = new Packet(v6, IpPrefix.ToNumber(src), IpPrefix.ToNumber(dst), protocol, sport, port);
                    var hops = explain ? new List<HopDecision>() : null;
                    var allowed = EvaluatePath(packet, srcZone, destination, dstZone, hops);
                    if (!allowed && !explain && first is not null) continue;
                    var result = new ReachabilityExplanation(allowed, from, toHost, protocol, port, src, dst, sport,
                        ZonePath(srcZone.Name, dstZone.Name) ?? [srcZone.Name, dstZone.Name], hops ?? []);
                    if (allowed) return result;
                    first ??= result;
                }
            }
        }
        return first ?? new ReachabilityExplanation(false, from, toHost, protocol, port, null, null, 0, [], explain
            ? [new HopDecision(HopKind.NoRoute, "", "", destination.Zone, null, null, false, null, false, [], $"'{from}' has no address of the same family as {toHost}")]
            : []);
    }

    /// <summary>The addresses a source may use: a host's own, or one representative per equivalence class of a zone.</summary>
    private List<(IPAddress Address, Zone Zone)> SourceAddresses(string from)
    {
        if (Topology.FindHost(from) is { } host)
            return [.. host.Addresses.Select(a => (a, Topology.FindZone(host.Zone)!))];
        if (Topology.FindZone(from) is { } zone)
        {
            var list = new List<(IPAddress, Zone)>();
            foreach (var (atoms, zones) in new[] { (V4, _v4Zones), (V6, _v6Zones) })
                for (var i = 0; i < atoms.Count; i++)
                    if (zones[i] == zone) list.Add((IpPrefix.ToAddress(atoms.Representative(i), atoms.IsIPv6), zone));
            return list;
        }
        throw new TwinLabException(ErrorCodes.InvalidArgument, $"'{from}' is neither a host nor a zone of the topology");
    }

    /// <summary>Evaluates every check from the source zone to the destination host for one packet.</summary>
    internal bool EvaluatePath(in Packet packet, Zone srcZone, NetworkHost destination, Zone dstZone, List<HopDecision>? hops)
    {
        if (srcZone != dstZone)
        {
            if (Path(srcZone, dstZone) is not { } path)
            {
                var flow = MatchingFlow(packet, srcZone, dstZone);
                hops?.Add(flow is null
                    ? new HopDecision(HopKind.NoRoute, "", srcZone.Name, dstZone.Name, null, null, false, null, false, [],
                        $"no firewall joins zone {srcZone.Name} to zone {dstZone.Name} and no flow allows it")
                    : FlowHop("", srcZone.Name, dstZone.Name, null, null, flow));
                if (flow is null) return false;
            }
            else
                foreach (var hop in path)
                    if (!EvaluateHop(packet, hop, srcZone, dstZone, hops)) return false;
        }
        if (destination.HostFirewall is { } own && HostInput(destination) is { } input)
        {
            var via = hops is null ? null : new List<FirewallRule>();
            var (accepted, rule) = input.Evaluate(packet, via);
            hops?.Add(new HopDecision(HopKind.HostInput, destination.Name, dstZone.Name, dstZone.Name, destination.Interface, null, accepted,
                Reference(own, input, rule), rule is null, References(via), Reason(accepted, rule, input, "INPUT")));
            return accepted;
        }
        return true;
    }

    private bool EvaluateHop(in Packet packet, FirewallHop hop, Zone srcZone, Zone dstZone, List<HopDecision>? hops)
    {
        var ruleset = packet.IsIPv6 ? hop.Firewall.Rules6 : hop.Firewall.Rules;
        if (ruleset is null)
        {
            var flow = MatchingFlow(packet, srcZone, dstZone);
            hops?.Add(flow is null
                ? new HopDecision(HopKind.Flow, hop.Firewall.Name, hop.FromZone, hop.ToZone, hop.InInterface, hop.OutInterface, false, null, false, [],
                    $"no {(packet.IsIPv6 ? "IPv6 " : "")}rules file; no flow from {srcZone.Name} to {dstZone.Name} allows {packet.Protocol.Name()}/{packet.DestinationPort}")
                : FlowHop(hop.Firewall.Name, hop.FromZone, hop.ToZone, hop.InInterface, hop.OutInterface, flow));
            return flow is not null;
        }
        var v6 = packet.IsIPv6;
        if (!hop.TryGetTable(v6, out var table)) hop.SetTable(v6, table = Crossing(hop, v6, ruleset));
        if (table is null)
        {
            hops?.Add(new HopDecision(HopKind.Forward, hop.Firewall.Name, hop.FromZone, hop.ToZone, hop.InInterface, hop.OutInterface, true, null, false, [],
                $"{ruleset.File} has no filter table: nothing is filtered"));
            return true;
        }
        var via = hops is null ? null : new List<FirewallRule>();
        var dnat = DnatRuleFor(hop.GetDnat(v6) ?? hop.SetDnat(v6, DnatRules(hop.Firewall, v6, hop.InInterface)), packet);
        var (accepted, rule) = table.Evaluate(dnat is null ? packet : packet with { State = ConnectionStates.New | ConnectionStates.Dnat }, via);
        var reason = Reason(accepted, rule, table, hop.Firewall.ForwardChain) + (dnat is null ? "" : $" (port-forwarded by {dnat.Location})");
        hops?.Add(new HopDecision(HopKind.Forward, hop.Firewall.Name, hop.FromZone, hop.ToZone, hop.InInterface, hop.OutInterface, accepted,
            Reference(ruleset, table, rule), rule is null, References(via), reason));
        return accepted;
    }

    private AllowedFlow? MatchingFlow(in Packet packet, Zone srcZone, Zone dstZone)
    {
        foreach (var flow in Topology.Flows)
        {
            if (!Places(flow.From, srcZone, packet.Source, packet.IsIPv6) || !Places(flow.To, dstZone, packet.Destination, packet.IsIPv6)) continue;
            foreach (var p in flow.Ports)
                if (p.Admits(packet.Protocol, packet.DestinationPort)) return flow;
        }
        return null;
    }

    private bool Places(string place, Zone zone, UInt128 address, bool v6)
    {
        if (place == zone.Name) return true;
        if (!_flowHostAddresses.TryGetValue(place, out var addresses)) return false;
        foreach (var a in addresses)
            if ((a.AddressFamily == AddressFamily.InterNetworkV6) == v6 && IpPrefix.ToNumber(a) == address) return true;
        return false;
    }

    private HopDecision FlowHop(string device, string fromZone, string toZone, string? inIf, string? outIf, AllowedFlow flow) =>
        new(HopKind.Flow, device, fromZone, toZone, inIf, outIf, true,
            new RuleReference(Topology.File, flow.Line, "", $"flow from {flow.From} to {flow.To} ports [{string.Join(", ", flow.Ports)}]"),
            false, [], $"allowed by the topology's flow from {flow.From} to {flow.To}");

    private CompiledTable? Crossing(FirewallHop hop, bool v6, FirewallRuleset ruleset)
    {
        var key = (hop.Firewall, v6, hop.InInterface, hop.OutInterface);
        if (!_crossings.TryGetValue(key, out var table))
            _crossings[key] = table = ruleset.Filter is { } filter ? new CompiledTable(filter, hop.Firewall.ForwardChain, hop.InInterface, hop.OutInterface) : null;
        return table;
    }

    private CompiledTable? HostInput(NetworkHost host)
    {
        if (!_hostInputByHost.TryGetValue(host, out var byHost))
            _hostInputByHost[host] = byHost = HostInput(host.HostFirewall!, host.Interface);
        return byHost;
    }

    private CompiledTable? HostInput(FirewallRuleset ruleset, string iface)
    {
        if (!_hostInputs.TryGetValue((ruleset, iface), out var table))
            _hostInputs[(ruleset, iface)] = table = ruleset.Filter is { } filter && filter.Chain("INPUT") is not null
                ? new CompiledTable(filter, "INPUT", iface, null) : null;
        return table;
    }

    private FirewallHop[]? Path(Zone from, Zone to)
    {
        var (a, b) = (_zoneNumber[from], _zoneNumber[to]);
        if (_pathKnown[a, b]) return _paths[a, b];
        var (fromZone, toZone) = (from.Name, to.Name);
        // Breadth-first over zones, neighbours in firewall declaration order, so the path is the shortest and deterministic.
        var previous = new Dictionary<string, (string Zone, string Firewall)>(StringComparer.Ordinal) { [fromZone] = ("", "") };
        var queue = new Queue<string>([fromZone]);
        while (queue.Count > 0 && !previous.ContainsKey(toZone))
        {
            var z = queue.Dequeue();
            foreach (var (_, fw, next) in _adjacency[_zoneIndex[z]])
                if (previous.TryAdd(next, (z, fw))) queue.Enqueue(next);
        }
        FirewallHop[]? path = null;
        if (previous.ContainsKey(toZone))
        {
            var hops = new List<FirewallHop>();
            for (var z = toZone; z != fromZone; z = previous[z].Zone)
            {
                var (prev, fwName) = previous[z];
                var fw = Topology.Firewalls.First(f => f.Name == fwName);
                hops.Add(new FirewallHop(fw, prev, z, fw.InterfaceTo(prev)!, fw.InterfaceTo(z)!));
            }
            hops.Reverse();
            path = [.. hops];
        }
        _pathKnown[a, b] = true;
        return _paths[a, b] = path;
    }

    private IEnumerable<FirewallTable> RuleTables() =>
        Topology.Firewalls.SelectMany(f => new[] { f.Rules, f.Rules6 }).Concat(Topology.Hosts.Select(h => h.HostFirewall))
            .OfType<FirewallRuleset>().Distinct().Select(r => r.Filter).OfType<FirewallTable>();

    private Zone?[] ZonesOfAtoms(AddressAtoms atoms)
    {
        var zones = new Zone?[atoms.Count];
        for (var i = 0; i < atoms.Count; i++) zones[i] = Topology.ZoneOf(IpPrefix.ToAddress(atoms.Representative(i), atoms.IsIPv6));
        return zones;
    }

    internal Zone? ZoneOfAtom(bool v6, int atom) => (v6 ? _v6Zones : _v4Zones)[atom];

    internal int[] SourcePortRepresentatives => _sourcePorts;

    private static RuleReference? Reference(FirewallRuleset ruleset, CompiledTable table, FirewallRule? rule) => rule is not null
        ? new RuleReference(rule.File, rule.Line, rule.Chain, rule.Text)
        : new RuleReference(ruleset.File, table.StartChain.Line, table.StartChain.Name, $"policy {table.Policy.ToString().ToUpperInvariant()}");

    private static IReadOnlyList<RuleReference> References(List<FirewallRule>? via) =>
        via is null ? [] : [.. via.Select(r => new RuleReference(r.File, r.Line, r.Chain, r.Text))];

    private static string Reason(bool accepted, FirewallRule? rule, CompiledTable table, string chain)
    {
        if (rule is null) return $"no rule matched in {chain}; policy {table.Policy.ToString().ToUpperInvariant()} ({table.StartChain.Name}, line {table.StartChain.Line})";
        var what = accepted ? "accepted" : rule.TargetKind == RuleTargetKind.Reject ? "rejected" : "dropped";
        var comment = rule.Comment is { } c ? $" \"{c}\"" : "";
        var assumed = rule.Unsupported.Count > 0 ? $" (assuming unsupported '{string.Join("; ", rule.Unsupported.Select(u => u.Text))}' matches)" : "";
        return $"{what} by {rule.Location} in chain {rule.Chain}{comment}{assumed}";
    }

    /// <summary>One firewall crossing of a zone path, holding its compiled tables once resolved.</summary>
    private sealed class FirewallHop(FirewallDevice firewall, string fromZone, string toZone, string inInterface, string outInterface)
    {
        private readonly CompiledTable?[] _tables = new CompiledTable?[2];
        private readonly bool[] _tableKnown = new bool[2];
        private readonly DnatRule[]?[] _dnat = new DnatRule[]?[2];

        public FirewallDevice Firewall { get; } = firewall;
        public string FromZone { get; } = fromZone;
        public string ToZone { get; } = toZone;
        public string InInterface { get; } = inInterface;
        public string OutInterface { get; } = outInterface;

        public bool TryGetTable(bool v6, out CompiledTable? table)
        {
            table = _tables[v6 ? 1 : 0];
            return _tableKnown[v6 ? 1 : 0];
        }

        public void SetTable(bool v6, CompiledTable? table) => (_tables[v6 ? 1 : 0], _tableKnown[v6 ? 1 : 0]) = (table, true);

        public DnatRule[]? GetDnat(bool v6) => _dnat[v6 ? 1 : 0];

        public DnatRule[] SetDnat(bool v6, DnatRule[] rules) => _dnat[v6 ? 1 : 0] = rules;
    }
}
