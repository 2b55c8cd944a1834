namespace TwinLab.Network.Firewall;

/// <summary>The protocol a rule matches or a connection uses.</summary>
public enum IpProtocol
{
    /// <summary>Any protocol (<c>-p all</c>, or no <c>-p</c>).</summary>
    Any,
    /// <summary>TCP.</summary>
    Tcp,
    /// <summary>UDP.</summary>
    Udp,
    /// <summary>ICMP (and ICMPv6); a connection check means an echo request.</summary>
    Icmp,
    /// <summary>Another protocol named in a rule (<c>gre</c>, <c>esp</c>, a number); never matches a TCP/UDP/ICMP connection.</summary>
    Other,
}

/// <summary>Reading and writing protocol names.</summary>
public static class IpProtocols
{
    /// <summary>Reads <c>tcp</c>, <c>udp</c>, <c>icmp</c>, <c>all</c>/<c>any</c> (case-insensitive); also the IANA numbers 6, 17, 1, 58 and <c>icmpv6</c>/<c>ipv6-icmp</c>.</summary>
    /// <param name="text">The name.</param>
    /// <returns>The protocol, or <see cref="IpProtocol.Other"/> for any other name.</returns>
    public static IpProtocol Parse(string text) => text.ToLowerInvariant() switch
    {
        // Protocol numbers from the IANA "Assigned Internet Protocol Numbers" registry.
        "tcp" or "6" => IpProtocol.Tcp,
        "udp" or "17" => IpProtocol.Udp,
        "icmp" or "1" or "icmpv6" or "ipv6-icmp" or "58" => IpProtocol.Icmp,
        "all" or "any" or "0" => IpProtocol.Any,
        _ => IpProtocol.Other,
    };

    /// <summary>The lower-case name: <c>tcp</c>, <c>udp</c>, <c>icmp</c>, <c>all</c> or <c>other</c>.</summary>
    /// <param name="protocol">The protocol.</param>
    public static string Name(this IpProtocol protocol) => protocol switch
    {
        IpProtocol.Tcp => "tcp",
        IpProtocol.Udp => "udp",
        IpProtocol.Icmp => "icmp",
        IpProtocol.Any => "all",
        _ => "other",
    };
}
