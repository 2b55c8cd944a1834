using TwinLab.Network.AttackGraph;

namespace TwinLab.Network.Defence;

/// <summary>How a cut was found.</summary>
public enum CutStatus
{
    /// <summary>CP-SAT proved the cut cheapest.</summary>
    Optimal,
    /// <summary>CP-SAT found a cut but hit its limit before proving it cheapest; see <see cref="DefenceCut.LowerBound"/>.</summary>
    Feasible,
    /// <summary>Too large for the exact model (or CP-SAT found nothing in time): greedy, with a lower bound.</summary>
    Greedy,
    /// <summary>No goal is reachable: nothing to cut.</summary>
    NothingToCut,
}

/// <summary>A measure with the attack paths it removes.</summary>
/// <param name="Measure">The measure.</param>
/// <param name="PathsRemoved">The minimal attack paths (of the graph before any measure) that use a fact the measure
/// removes.</param>
/// <param name="Truncated">True when the path enumeration hit its bound, so more paths may be removed.</param>
public sealed record MeasureExplanation(DefenceMeasure Measure, IReadOnlyList<AttackPath> PathsRemoved, bool Truncated);

/// <summary>A set of measures after which none of the goals is reachable.</summary>
/// <param name="Status">How it was found.</param>
/// <param name="Measures">The chosen measures, by id.</param>
/// <param name="LowerBound">No cut of the (cuttable) goals costs less: the cost itself when optimal, else CP-SAT's
/// best bound or the path-packing bound (see <see cref="CheapestCut"/>).</param>
/// <param name="Goals">The reachable goals the measures cut.</param>
/// <param name="UncuttableGoals">Reachable goals no combination of the candidates cuts (the attacker starts there, or
/// the needed facts have no candidate); they stay reachable and are not part of the cut.</param>
/// <param name="Explanations">Per chosen measure, the attack paths it removes.</param>
/// <param name="Candidates">Number of candidate measures that could matter (remove a fact in the goals' cone).</param>
/// <param name="RuleApplications">Rule applications in the goals' backward cone (the model's size).</param>
/// <param name="SolverSeconds">CP-SAT wall time; 0 when it was not run.</param>
public sealed record DefenceCut(CutStatus Status, IReadOnlyList<DefenceMeasure> Measures, double LowerBound,
    IReadOnlyList<DerivedFact> Goals, IReadOnlyList<DerivedFact> UncuttableGoals, IReadOnlyList<MeasureExplanation> Explanations,
    int Candidates, int RuleApplications, double SolverSeconds)
{
    /// <summary>Total cost of the measures.</summary>
    public double Cost => Measures.Sum(m => m.Cost);

    /// <summary>Whether every reachable goal is cut.</summary>
    public bool Complete => UncuttableGoals.Count == 0;

    /// <summary>Relative gap between the cost and the lower bound (0 when optimal).</summary>
    public double Gap => Cost <= 0 ? 0 : Math.Max(0, (Cost - LowerBound) / Cost);
}
