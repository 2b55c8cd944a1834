namespace TwinLab.Network;

/// <summary>The network security twin: scans, firewall rules and vulnerabilities as a twin graph, reachability,
/// attack graphs, attacker simulation and the cheapest defences (issue 6; built in parts).</summary>
public static class NetworkTwin
{
    /// <summary>The DTDL namespace of the network models.</summary>
    public const string ModelPrefix = "dtmi:twinlab:network:";
}
