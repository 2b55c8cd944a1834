using System.Globalization;
using System.Net;
using TwinLab.Network.Firewall;
using TwinLab.Network.Topology;

namespace TwinLab.Network.Reachability;

public sealed partial class ReachabilityEngine
{
    private readonly Dictionary<(FirewallDevice, bool, string), DnatRule[]> _dnat = [];

    /// <summary>The nat table's PREROUTING DNAT rules of a firewall for traffic entering on one interface.</summary>
    /// <remarks>The forward chain sees a port-forwarded connection with its translated destination, which is how the engine
    /// addresses it anyway; what DNAT adds is the <c>--ctstate DNAT</c> mark that rules such as
    /// <c>-m conntrack --ctstate DNAT -j ACCEPT</c> test. The original destination is whatever public address the attacker
    /// uses, so only the rule's source, protocol, interface and (without a port rewrite) port are checked.</remarks>
    private DnatRule[] DnatRules(FirewallDevice firewall, bool v6, string inInterface)
    {
        if (_dnat.TryGetValue((firewall, v6, inInterface), out var cached)) return cached;
        var list = new List<DnatRule>();
        var chain = (v6 ? firewall.Rules6 : firewall.Rules)?.Table("nat")?.Chain("PREROUTING");
        foreach (var rule in chain?.Rules ?? [])
        {
            if (rule.Target != "DNAT" || ToDestination(rule) is not { } to) continue;
            if (rule.InInterface is { } i && (i.Value.EndsWith('+') ? inInterface.StartsWith(i.Value[..^1], StringComparison.Ordinal) : inInterface == i.Value) == i.Negated) continue;
            list.Add(new DnatRule(rule, to.First, to.Last, to.Ports));
        }
        return _dnat[(firewall, v6, inInterface)] = [.. list];
    }

    private static FirewallRule? DnatRuleFor(DnatRule[] rules, in Packet p)
    {
        foreach (var d in rules)
        {
            var r = d.Rule;
            var port = p.DestinationPort;
            if (p.Destination < d.First || p.Destination > d.Last) continue;
            if (r.Protocol.Value != IpProtocol.Any && (r.Protocol.Value == p.Protocol) == r.Protocol.Negated) continue;
            if (r.Source is { } s && (s.Value.IsIPv6 != p.IsIPv6 || (p.Source >= s.Value.First && p.Source <= s.Value.Last) == s.Negated)) continue;
            if (d.Ports is { } ports ? !ports.Contains(p.DestinationPort)
                : r.DestinationPorts is { } dp && dp.Value.Any(x => x.Contains(port)) == dp.Negated) continue;
            return r;
        }
        return null;
    }

    /// <summary>Reads <c>--to-destination ADDR[-ADDR][:PORT[-PORT]]</c> (IPv6 in brackets).</summary>
    internal static (UInt128 First, UInt128 Last, PortRange? Ports)? ToDestination(FirewallRule rule)
    {
        var tokens = rule.TargetOptions.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var at = Array.IndexOf(tokens, "--to-destination");
        if (at < 0 || at + 1 >= tokens.Length) return null;
        var text = tokens[at + 1];
        string addresses, ports = "";
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']');
            if (close < 0) return null;
            addresses = text[1..close];
            if (close + 1 < text.Length && text[close + 1] == ':') ports = text[(close + 2)..];
        }
        else
        {
            var colon = text.IndexOf(':');
            addresses = colon < 0 ? text : text[..colon];
            if (colon >= 0) ports = text[(colon + 1)..];
        }
        var dash = addresses.IndexOf('-');
        var firstText = dash < 0 ? addresses : addresses[..dash];
        var lastText = dash < 0 ? addresses : addresses[(dash + 1)..];
        if (!IPAddress.TryParse(firstText, out var first) || !IPAddress.TryParse(lastText, out var last)) return null;
        PortRange? range = null;
        if (ports.Length > 0)
        {
            if (!PortRange.TryParse(ports, out var r)) return null;
            range = r;
        }
        return (IpPrefix.ToNumber(first), IpPrefix.ToNumber(last), range);
    }

    /// <summary>Boundaries DNAT adds to the equivalence classes: its translated addresses, ports and sources.</summary>
    private IEnumerable<(IpPrefix? Prefix, PortRange? Ports)> DnatBoundaries()
    {
        foreach (var fw in Topology.Firewalls)
            foreach (var (rules, v6) in new[] { (fw.Rules, false), (fw.Rules6, true) })
                foreach (var rule in rules?.Table("nat")?.Chain("PREROUTING")?.Rules ?? [])
                {
                    if (rule.Target != "DNAT" || ToDestination(rule) is not { } to) continue;
                    yield return (IpPrefix.Single(IpPrefix.ToAddress(to.First, v6)), to.Ports);
                    if (to.Last != to.First) yield return (IpPrefix.Single(IpPrefix.ToAddress(to.Last, v6)), null);
                    if (rule.Source is { } s) yield return (s.Value, null);
                    foreach (var p in rule.DestinationPorts?.Value ?? []) yield return (null, p);
                }
    }

    private sealed record DnatRule(FirewallRule Rule, UInt128 First, UInt128 Last, PortRange? Ports);
}
