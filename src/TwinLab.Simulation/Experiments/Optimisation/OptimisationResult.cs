namespace TwinLab.Simulation.Experiments.Optimisation;

/// <summary>The outcome of an optimisation.</summary>
/// <param name="Problem">The problem solved.</param>
/// <param name="Method">The search method used (never <see cref="OptimisationMethod.Auto"/>).</param>
/// <param name="Top">The best candidates of the search, best first: feasible before infeasible (least violation
/// first), then by objective, ties to the earlier evaluation.</param>
/// <param name="Confirmed">The best few re-run with more replications on fresh random numbers (common to them all),
/// re-ranked; empty when confirmation is off or cancelled.</param>
/// <param name="BestVersusRunnerUp">The first two of <paramref name="Confirmed"/> (or of <paramref name="Top"/>
/// without confirmation) compared; null with fewer than two candidates.</param>
/// <param name="History">Every candidate simulated by the search, in evaluation order.</param>
/// <param name="SkippedInfeasible">Points not simulated because they break a constraint on parameters alone.</param>
/// <param name="BudgetExhausted">Whether the search stopped because it reached its budget.</param>
/// <param name="Cancelled">Whether the experiment was cancelled.</param>
public sealed record OptimisationResult(
    OptimisationProblem Problem,
    OptimisationMethod Method,
    IReadOnlyList<Candidate> Top,
    IReadOnlyList<Candidate> Confirmed,
    CandidateDifference? BestVersusRunnerUp,
    IReadOnlyList<Candidate> History,
    int SkippedInfeasible,
    bool BudgetExhausted,
    bool Cancelled)
{
    /// <summary>Candidates simulated by the search.</summary>
    public int Evaluations => History.Count;

    /// <summary>The winner: the first confirmed candidate, else the first of the search; null when nothing ran.</summary>
    public Candidate? Best => Confirmed.Count > 0 ? Confirmed[0] : Top.Count > 0 ? Top[0] : null;
}
