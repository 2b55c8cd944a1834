namespace TwinLab.Network.Reachability;

/// <summary>What kind of check a hop is.</summary>
public enum HopKind
{
    /// <summary>A firewall's forward chain, between two zones.</summary>
    Forward,
    /// <summary>The destination host's own INPUT chain.</summary>
    HostInput,
    /// <summary>A crossing without a rules file, decided by the topology's allowed flows.</summary>
    Flow,
    /// <summary>No firewall joins the two zones and no flow allows the traffic.</summary>
    NoRoute,
}

/// <summary>How one check on the path decided.</summary>
/// <param name="Kind">The kind of check.</param>
/// <param name="Device">The firewall or host name (empty for a flow or no route).</param>
/// <param name="FromZone">The zone the traffic comes from.</param>
/// <param name="ToZone">The zone it goes to.</param>
/// <param name="InInterface">The incoming interface on the device, when known.</param>
/// <param name="OutInterface">The outgoing interface, when known.</param>
/// <param name="Allowed">True when this check lets a new connection through.</param>
/// <param name="DecidingRule">The rule that decided, or the chain policy, or the flow; null when nothing decided (no rules, no route).</param>
/// <param name="IsPolicy">True when the chain policy decided (no rule matched).</param>
/// <param name="Via">The jump rules followed to reach the deciding rule, outermost first.</param>
/// <param name="Reason">A one-line explanation.</param>
public sealed record HopDecision(
    HopKind Kind, string Device, string FromZone, string ToZone, string? InInterface, string? OutInterface,
    bool Allowed, RuleReference? DecidingRule, bool IsPolicy, IReadOnlyList<RuleReference> Via, string Reason)
{
    /// <summary>One line: device, verdict and the deciding rule.</summary>
    public override string ToString() => $"{(Device.Length > 0 ? Device + ": " : "")}{(Allowed ? "ALLOW" : "BLOCK")} — {Reason}";
}
