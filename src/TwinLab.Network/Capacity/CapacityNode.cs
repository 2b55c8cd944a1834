namespace TwinLab.Network.Capacity;

/// <summary>A device traffic passes through: a router, switch, firewall, or a zone of the topology seen as one node.</summary>
/// <param name="Name">Unique name (may be a topology firewall or zone).</param>
/// <param name="Kind">What it is: router, switch, firewall, zone, isp, site…</param>
public sealed record CapacityNode(string Name, string Kind)
{
    /// <summary>Line in the links file; 0 when built in code.</summary>
    public int Line { get; init; }
}
