using System.Net;
using System.Text;
using TwinLab.Network.Firewall;

namespace TwinLab.Network.Reachability;

/// <summary>Whether a new connection can be opened, and every check on the way that decided it.</summary>
/// <param name="Allowed">True when a new connection can be opened.</param>
/// <param name="From">The source host or zone as asked.</param>
/// <param name="To">The destination host.</param>
/// <param name="Protocol">The protocol.</param>
/// <param name="Port">The destination port (0 for ICMP).</param>
/// <param name="SourceAddress">The source address used (a representative one for a zone).</param>
/// <param name="DestinationAddress">The destination address used.</param>
/// <param name="SourcePort">The source port used (the attacker may choose it).</param>
/// <param name="ZonePath">The zones crossed, source zone first.</param>
/// <param name="Hops">The checks in order; for a blocked connection the last one blocked it.</param>
public sealed record ReachabilityExplanation(
    bool Allowed, string From, string To, IpProtocol Protocol, int Port,
    IPAddress? SourceAddress, IPAddress? DestinationAddress, int SourcePort,
    IReadOnlyList<string> ZonePath, IReadOnlyList<HopDecision> Hops)
{
    /// <summary>The check that blocked the connection, or null when it is allowed.</summary>
    public HopDecision? BlockedBy => Allowed ? null : Hops.LastOrDefault();

    /// <summary>A readable, multi-line explanation for the CLI.</summary>
    public override string ToString()
    {
        var s = new StringBuilder();
        s.Append(Allowed ? "ALLOWED" : "BLOCKED").Append(": ").Append(From).Append(" -> ").Append(To).Append(' ')
            .Append(Protocol.Name()).Append('/').Append(Port);
        if (SourceAddress is not null) s.Append($" ({SourceAddress}:{SourcePort} -> {DestinationAddress})");
        s.AppendLine();
        s.Append("  zones: ").AppendLine(string.Join(" -> ", ZonePath));
        foreach (var hop in Hops)
        {
            s.Append("  ").AppendLine(hop.ToString());
            foreach (var via in hop.Via) s.Append("      via ").AppendLine(via.ToString());
            if (hop.DecidingRule is { } rule) s.Append("      ").AppendLine(rule.ToString());
        }
        return s.ToString();
    }
}
