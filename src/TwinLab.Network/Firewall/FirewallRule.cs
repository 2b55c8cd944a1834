namespace TwinLab.Network.Firewall;

/// <summary>One <c>-A CHAIN …</c> line of an iptables-save file, with every condition it tests.</summary>
/// <remarks>Absent conditions (null) match everything. ICMP rules match a connection check (an echo request) unless
/// <see cref="IcmpType"/> names another type.</remarks>
public sealed record FirewallRule
{
    /// <summary>The rules file.</summary>
    public required string File { get; init; }

    /// <summary>1-based line in <see cref="File"/>.</summary>
    public required int Line { get; init; }

    /// <summary>The table, such as <c>filter</c>.</summary>
    public required string Table { get; init; }

    /// <summary>The chain the rule is appended to.</summary>
    public required string Chain { get; init; }

    /// <summary>The rule as written (without packet counters).</summary>
    public required string Text { get; init; }

    /// <summary><c>-s</c>: the source prefix.</summary>
    public Negatable<IpPrefix>? Source { get; init; }

    /// <summary><c>-d</c>: the destination prefix.</summary>
    public Negatable<IpPrefix>? Destination { get; init; }

    /// <summary><c>-p</c>: the protocol; <see cref="IpProtocol.Any"/> when absent.</summary>
    public Negatable<IpProtocol> Protocol { get; init; } = new(IpProtocol.Any, false);

    /// <summary>The protocol as written, such as <c>tcp</c> or <c>gre</c>; empty when absent.</summary>
    public string ProtocolName { get; init; } = "";

    /// <summary><c>-i</c>: the incoming interface; a trailing <c>+</c> matches any interface starting with the rest.</summary>
    public Negatable<string>? InInterface { get; init; }

    /// <summary><c>-o</c>: the outgoing interface.</summary>
    public Negatable<string>? OutInterface { get; init; }

    /// <summary><c>--sport</c> or <c>-m multiport --sports</c>.</summary>
    public Negatable<IReadOnlyList<PortRange>>? SourcePorts { get; init; }

    /// <summary><c>--dport</c> or <c>-m multiport --dports</c>.</summary>
    public Negatable<IReadOnlyList<PortRange>>? DestinationPorts { get; init; }

    /// <summary><c>-m multiport --ports</c>: matches when either the source or the destination port is listed.</summary>
    public Negatable<IReadOnlyList<PortRange>>? EitherPorts { get; init; }

    /// <summary><c>-m state --state</c> or <c>-m conntrack --ctstate</c>.</summary>
    public Negatable<ConnectionStates>? States { get; init; }

    /// <summary><c>--icmp-type</c> as written (<c>echo-request</c>, <c>8</c>, <c>any</c>).</summary>
    public Negatable<string>? IcmpType { get; init; }

    /// <summary><c>--syn</c> (true) or <c>! --syn</c> (false): the first packet of a TCP connection.</summary>
    public bool? Syn { get; init; }

    /// <summary><c>-m comment --comment</c>, unquoted.</summary>
    public string? Comment { get; init; }

    /// <summary>What the rule does.</summary>
    public RuleTargetKind TargetKind { get; init; } = RuleTargetKind.None;

    /// <summary>The target name as written (<c>ACCEPT</c>, a user chain); empty when there is none.</summary>
    public string Target { get; init; } = "";

    /// <summary>The target's options, such as <c>--reject-with icmp-port-unreachable</c>.</summary>
    public string TargetOptions { get; init; } = "";

    /// <summary>Matches or targets not understood; the engine assumes they match for accepting rules and not for dropping ones.</summary>
    public IReadOnlyList<UnsupportedMatch> Unsupported { get; init; } = [];

    /// <summary><c>file:line</c>.</summary>
    public string Location => $"{File}:{Line}";

    /// <summary>The rule as written.</summary>
    public override string ToString() => Text;
}
