namespace TwinLab.Network.Capacity;

/// <summary>A link's worst utilisation over every single failure.</summary>
/// <param name="Link">The link.</param>
/// <param name="BaseUtilisation">Its utilisation with everything up.</param>
/// <param name="Utilisation">Its highest utilisation under a single failure (or the base, if higher).</param>
/// <param name="Failure">The failure that causes it; null when the base case is the worst.</param>
public sealed record WorstCaseLoad(string Link, double BaseUtilisation, double Utilisation, string? Failure);
