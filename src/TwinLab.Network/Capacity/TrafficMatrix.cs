namespace TwinLab.Network.Capacity;

/// <summary>The traffic offered to the network: demands between endpoints, and rates measured on links.</summary>
/// <param name="Demands">Flows, routed on shortest paths.</param>
/// <param name="LinkRates">Measured link rates, fixed background load.</param>
public sealed record TrafficMatrix(IReadOnlyList<Demand> Demands, IReadOnlyList<MeasuredLinkRate> LinkRates)
{
    /// <summary>The file it was read from, for messages.</summary>
    public string File { get; init; } = "traffic";
}
