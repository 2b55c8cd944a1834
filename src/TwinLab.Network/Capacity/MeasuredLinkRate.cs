namespace TwinLab.Network.Capacity;

/// <summary>A rate measured on a link (an interface counter or sFlow sample), counted in each direction as background
/// load that is not rerouted when the network changes.</summary>
/// <param name="Link">The link's name.</param>
/// <param name="Rate">Mean rate in bit/s.</param>
public sealed record MeasuredLinkRate(string Link, double Rate)
{
    /// <summary>Line in the traffic file; 0 when built in code.</summary>
    public int Line { get; init; }
}
