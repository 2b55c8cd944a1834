namespace TwinLab.Network.Capacity;

/// <summary>A full-duplex link between two nodes: <see cref="Capacity"/> is available in each direction.</summary>
public sealed record CapacityLink
{
    /// <summary>Unique name, such as <c>uplink</c> or <c>core-dmz</c>.</summary>
    public required string Name { get; init; }

    /// <summary>One end (a node name).</summary>
    public required string A { get; init; }

    /// <summary>The other end (a node name).</summary>
    public required string B { get; init; }

    /// <summary>Line rate in bit/s, each direction.</summary>
    public required double Capacity { get; init; }

    /// <summary>Routing weight (link cost, as OSPF's interface cost); positive. Shortest paths minimise the sum.</summary>
    public double Weight { get; init; } = 1;

    /// <summary>Propagation (and fixed processing) delay in seconds, one way.</summary>
    public double Delay { get; init; }

    /// <summary>Cost of one step up the rate ladder (money or hours, in the file's <c>cost_unit</c>); 0 when not given.</summary>
    public double StepCost { get; init; }

    /// <summary>The highest rate this link can be upgraded to (optics, line cards, the carrier's offer); null for the ladder's top.</summary>
    public double? MaxCapacity { get; init; }

    /// <summary>Line in the links file; 0 when built in code.</summary>
    public int Line { get; init; }

    /// <summary>The other end seen from <paramref name="node"/>.</summary>
    /// <param name="node">One end.</param>
    /// <returns>The other end.</returns>
    public string Other(string node) => node == A ? B : A;
}
