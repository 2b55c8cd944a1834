using TwinLab.Network.Firewall;

namespace TwinLab.Network.Reachability;

/// <summary>A rule flattened for fast matching against a <see cref="Packet"/> on one crossing (interfaces already decided).</summary>
internal sealed class CompiledRule
{
    private readonly bool _hasSource, _sourceNegated, _hasDestination, _destinationNegated;
    private readonly UInt128 _sourceFirst, _sourceLast, _destinationFirst, _destinationLast;
    private readonly bool _sourceV6, _destinationV6;
    private readonly IpProtocol _protocol;
    private readonly bool _protocolNegated;
    private readonly PortRange[]? _sourcePorts, _destinationPorts, _eitherPorts;
    private readonly bool _sourcePortsNegated, _destinationPortsNegated, _eitherPortsNegated;
    private readonly bool _matchesNew;
    private readonly ConnectionStates? _states;
    private readonly bool _statesNegated;

    public CompiledRule(FirewallRule rule)
    {
        Rule = rule;
        if (rule.Source is { } s)
            (_hasSource, _sourceNegated, _sourceFirst, _sourceLast, _sourceV6) = (true, s.Negated, s.Value.First, s.Value.Last, s.Value.IsIPv6);
        if (rule.Destination is { } d)
            (_hasDestination, _destinationNegated, _destinationFirst, _destinationLast, _destinationV6) = (true, d.Negated, d.Value.First, d.Value.Last, d.Value.IsIPv6);
        (_protocol, _protocolNegated) = (rule.Protocol.Value, rule.Protocol.Negated);
        if (rule.SourcePorts is { } sp) (_sourcePorts, _sourcePortsNegated) = ([.. sp.Value], sp.Negated);
        if (rule.DestinationPorts is { } dp) (_destinationPorts, _destinationPortsNegated) = ([.. dp.Value], dp.Negated);
        if (rule.EitherPorts is { } ep) (_eitherPorts, _eitherPortsNegated) = ([.. ep.Value], ep.Negated);
        _matchesNew = MatchesNewConnection(rule);
        if (rule.States is { } st) (_states, _statesNegated) = (st.Value, st.Negated);
        // Unsupported matches: assume they match where that lets more through (accept, jump), and not where it would
        // block, so the analysis over- rather than under-estimates what an attacker reaches.
        AssumeNoMatch = rule.Unsupported.Count > 0 && rule.TargetKind is RuleTargetKind.Drop or RuleTargetKind.Reject;
    }

    public FirewallRule Rule { get; }

    public RuleTargetKind Kind => Rule.TargetKind;

    /// <summary>Index of the jump/goto target chain in the crossing's chain list.</summary>
    public int TargetChain { get; set; } = -1;

    public bool AssumeNoMatch { get; }

    public bool Matches(in Packet p)
    {
        if (!_matchesNew || AssumeNoMatch) return false;
        if (_states is { } states && ((states & p.State) != 0) == _statesNegated) return false;
        if (_hasSource && (_sourceV6 != p.IsIPv6 || (p.Source >= _sourceFirst && p.Source <= _sourceLast) == _sourceNegated)) return false;
        if (_hasDestination && (_destinationV6 != p.IsIPv6 || (p.Destination >= _destinationFirst && p.Destination <= _destinationLast) == _destinationNegated)) return false;
        if (_protocol != IpProtocol.Any || _protocolNegated)
        {
            var same = _protocol == IpProtocol.Any || _protocol == p.Protocol;
            if (same == _protocolNegated) return false;
        }
        if (_destinationPorts is not null && In(_destinationPorts, p.DestinationPort) == _destinationPortsNegated) return false;
        if (_sourcePorts is not null && In(_sourcePorts, p.SourcePort) == _sourcePortsNegated) return false;
        if (_eitherPorts is not null && (In(_eitherPorts, p.SourcePort) || In(_eitherPorts, p.DestinationPort)) == _eitherPortsNegated) return false;
        return true;
    }

    /// <summary>True when the rule's TCP-flag and ICMP-type tests admit the first packet of a new connection
    /// (a TCP SYN, or an ICMP echo request); the state test depends on the packet (NEW, or NEW and DNAT).</summary>
    private static bool MatchesNewConnection(FirewallRule rule)
    {
        if (rule.Syn == false) return false;
        if (rule.IcmpType is { } icmp)
        {
            // Echo request is ICMP type 8 (RFC 792) and ICMPv6 type 128 (RFC 4443).
            var echo = icmp.Value.ToLowerInvariant() is "any" or "8" or "8/0" or "echo-request" or "128" or "128/0";
            if (echo == icmp.Negated) return false;
        }
        return true;
    }

    private static bool In(PortRange[] ranges, int port)
    {
        foreach (var r in ranges)
            if (port >= r.From && port <= r.To) return true;
        return false;
    }
}
