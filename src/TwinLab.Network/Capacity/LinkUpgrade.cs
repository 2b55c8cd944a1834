namespace TwinLab.Network.Capacity;

/// <summary>One link's capacity upgrade along the rate ladder.</summary>
/// <param name="Link">The link.</param>
/// <param name="From">Capacity now, bit/s.</param>
/// <param name="To">Capacity after, bit/s (the ladder's highest allowed rate for a link that cannot be fixed).</param>
/// <param name="Steps">Steps up the ladder.</param>
/// <param name="Cost">Steps × the link's step cost.</param>
/// <param name="RequiredLoad">The load it must carry under the target (busier direction; the worst single failure with N-1), bit/s.</param>
/// <param name="WorstFailure">The failure causing that load, or null for the base case.</param>
public sealed record LinkUpgrade(string Link, double From, double To, int Steps, double Cost, double RequiredLoad, string? WorstFailure)
{
    /// <summary>Utilisation at the required load before the upgrade.</summary>
    public double UtilisationBefore => RequiredLoad / From;

    /// <summary>Utilisation at the required load after the upgrade.</summary>
    public double UtilisationAfter => RequiredLoad / To;
}
