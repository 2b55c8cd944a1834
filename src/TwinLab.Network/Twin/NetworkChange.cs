namespace TwinLab.Network.Twin;

/// <summary>Kinds of <see cref="NetworkChange"/>.</summary>
public enum NetworkChangeKind
{
    /// <summary>A host the earlier scan did not have.</summary>
    HostAdded,

    /// <summary>A host the newer scan no longer has (down, removed or not scanned); its ports and vulnerabilities go with it.</summary>
    HostRemoved,

    /// <summary>A port open now that was not open before (absent, closed or filtered), on a new host too.</summary>
    PortOpened,

    /// <summary>A port open before that is not open now (closed, filtered, or no longer listed) on a host still present.</summary>
    PortClosed,

    /// <summary>A port open in both scans whose service name, product or version changed.</summary>
    ServiceChanged,

    /// <summary>A CVE on a service that did not have it before, on a new host too.</summary>
    VulnerabilityAdded,

    /// <summary>A CVE a service had before and no longer has (patched, or its port closed) on a host still present.</summary>
    VulnerabilityFixed,

    /// <summary>A zone of the topology that was not there before (<see cref="NetworkChange.Host"/> is the zone).</summary>
    ZoneAdded,

    /// <summary>A zone no longer in the topology.</summary>
    ZoneRemoved,

    /// <summary>A zone whose address ranges changed.</summary>
    ZoneChanged,

    /// <summary>A host now in another zone.</summary>
    HostMoved,

    /// <summary>A firewall rule not there before (<see cref="NetworkChange.Host"/> is the rule's host or firewall,
    /// <see cref="NetworkChange.Port"/> the family, table and chain, such as <c>ipv4 filter/FORWARD</c>).</summary>
    RuleAdded,

    /// <summary>A firewall rule no longer there.</summary>
    RuleRemoved,

    /// <summary>A built-in chain whose policy changed (ACCEPT ↔ DROP).</summary>
    PolicyChanged,
}

/// <summary>One difference between the stored network twin and a newer scan.</summary>
/// <param name="Kind">What changed.</param>
/// <param name="Host">The host's id (its primary address).</param>
/// <param name="Port">The port, such as <c>tcp/22</c>, for port, service and vulnerability changes.</param>
/// <param name="Cve">The CVE, for vulnerability changes.</param>
/// <param name="Before">The earlier value (service <c>OpenSSH 8.2p1</c>, port state, host names), if any.</param>
/// <param name="After">The newer value, if any.</param>
public sealed record NetworkChange(NetworkChangeKind Kind, string Host, string? Port, string? Cve, string? Before, string? After)
{
    /// <summary>One line such as <c>port opened: 192.168.56.10 tcp/8080 (Apache Tomcat 9.0.30)</c>.</summary>
    public override string ToString()
    {
        var where = Port is null ? Host : $"{Host} {Port}";
        return Kind switch
        {
            NetworkChangeKind.HostAdded => $"new host: {where}{Paren(After)}",
            NetworkChangeKind.HostRemoved => $"host gone: {where}{Paren(Before)}",
            NetworkChangeKind.PortOpened => $"port opened: {where}{Paren(After)}{(Before is null ? "" : $", was {Before}")}",
            NetworkChangeKind.PortClosed => $"port closed: {where} (was {Before}){(After is null ? "" : $", now {After}")}",
            NetworkChangeKind.ServiceChanged => $"service changed: {where}: {Before} → {After}",
            NetworkChangeKind.VulnerabilityAdded => $"new vulnerability: {Cve} on {where}{Paren(After)}",
            NetworkChangeKind.VulnerabilityFixed => $"vulnerability gone: {Cve} on {where}{Paren(After)}",
            NetworkChangeKind.ZoneAdded => $"new zone: {Host}{Paren(After)}",
            NetworkChangeKind.ZoneRemoved => $"zone gone: {Host}{Paren(Before)}",
            NetworkChangeKind.ZoneChanged => $"zone changed: {Host}: {Before} → {After}",
            NetworkChangeKind.HostMoved => $"host moved: {Host}: zone {Before} → {After}",
            NetworkChangeKind.RuleAdded => $"rule added: {where}: {After}",
            NetworkChangeKind.RuleRemoved => $"rule removed: {where}: {Before}",
            NetworkChangeKind.PolicyChanged => $"policy changed: {where}: {Before} → {After}",
            _ => $"{Kind}: {where}",
        };
    }

    private static string Paren(string? text) => string.IsNullOrEmpty(text) ? "" : $" ({text})";
}
