namespace TwinLab.Simulation.Experiments.Optimisation;

/// <summary>
/// The order of candidates, best first: feasible before infeasible, infeasible by smaller violation, then by
/// objective score (lower is better; NaN counts as +∞), then by the order seen, so ties are broken deterministically.
/// </summary>
/// <remarks>
/// Ranking every infeasible point behind every feasible one is the feasibility rule of Deb (2000, "An efficient
/// constraint handling method for genetic algorithms", Comput. Methods Appl. Mech. Engrg. 186): a penalty that
/// needs no weight to tune, and all Nelder–Mead needs, since it only ever compares vertices.
/// </remarks>
internal readonly record struct RankKey(bool Feasible, double Violation, double Score, int Order) : IComparable<RankKey>
{
    /// <inheritdoc />
    public int CompareTo(RankKey other)
    {
        if (Feasible != other.Feasible) return Feasible ? -1 : 1;
        if (!Feasible && Violation != other.Violation) return Violation.CompareTo(other.Violation);
        var c = Normal(Score).CompareTo(Normal(other.Score));
        return c != 0 ? c : Order.CompareTo(other.Order);
    }

    private static double Normal(double score) => double.IsNaN(score) ? double.PositiveInfinity : score;
}
