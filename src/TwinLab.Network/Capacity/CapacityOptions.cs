namespace TwinLab.Network.Capacity;

/// <summary>How a capacity evaluation is run.</summary>
public sealed record CapacityOptions
{
    /// <summary>Utilisation a link should stay under (0–1]; links at or above it are bottlenecks. Default 0.8.</summary>
    public double Target { get; init; } = 0.8;

    /// <summary>Split a demand equally over equal-cost next hops at every node (OSPF ECMP); otherwise one path, ties
    /// broken by the order links are declared in.</summary>
    public bool Ecmp { get; init; }
}
