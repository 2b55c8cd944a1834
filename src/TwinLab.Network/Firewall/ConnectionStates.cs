namespace TwinLab.Network.Firewall;

/// <summary>Connection-tracking states matched by <c>-m state --state</c> or <c>-m conntrack --ctstate</c>.</summary>
[Flags]
public enum ConnectionStates
{
    /// <summary>No state.</summary>
    None = 0,
    /// <summary>The first packet of a connection.</summary>
    New = 1,
    /// <summary>A packet of a connection already seen in both directions.</summary>
    Established = 2,
    /// <summary>A new connection related to an existing one (FTP data, ICMP errors).</summary>
    Related = 4,
    /// <summary>A packet conntrack cannot place.</summary>
    Invalid = 8,
    /// <summary>A packet exempted from tracking in the raw table.</summary>
    Untracked = 16,
    /// <summary>A connection needing destination NAT (conntrack only).</summary>
    Dnat = 32,
    /// <summary>A connection needing source NAT (conntrack only).</summary>
    Snat = 64,
}
