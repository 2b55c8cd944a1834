namespace TwinLab.Health.Recommendation;

/// <summary>A regimen's score and the weighted terms it is the sum of (penalties negative).</summary>
/// <param name="Target">Weighted probability of reaching target at the last week.</param>
/// <param name="Speed">Weighted mean probability over the reported weeks.</param>
/// <param name="SideEffects">Minus the weighted side-effect burden.</param>
/// <param name="Cautions">Minus the weighted number of cautions.</param>
/// <param name="Pills">Minus the weighted pill count.</param>
public sealed record ScoreParts(double Target, double Speed, double SideEffects, double Cautions, double Pills)
{
    /// <summary>The score: the sum of the parts.</summary>
    public double Total => Target + Speed + SideEffects + Cautions + Pills;
}
