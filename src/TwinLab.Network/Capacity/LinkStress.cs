namespace TwinLab.Network.Capacity;

/// <summary>A link's load in one state of the network.</summary>
/// <param name="Link">The link.</param>
/// <param name="Utilisation">Busier direction's load over capacity.</param>
/// <param name="Load">Busier direction's load, bit/s.</param>
/// <param name="Capacity">Capacity, bit/s.</param>
public sealed record LinkStress(string Link, double Utilisation, double Load, double Capacity);
