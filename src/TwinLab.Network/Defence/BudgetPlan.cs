using TwinLab.Network.AttackGraph;

namespace TwinLab.Network.Defence;

/// <summary>Settings of <see cref="BudgetPlanner.Plan"/>.</summary>
public sealed record BudgetOptions
{
    /// <summary>Take every affordable <see cref="DefenceMeasure.Urgent"/> candidate (KEV patches) first.</summary>
    public bool IncludeUrgent { get; init; }

    /// <summary>At most this many candidates are re-evaluated (graph rebuilt) per pick (default 200); see
    /// <see cref="BudgetPlanner.Plan"/> for which.</summary>
    public int MaxEvaluationsPerPick { get; init; } = 200;

    /// <summary>Bound of the minimal-path enumeration per asset used to explain each pick; 0 skips the explanations.</summary>
    public int ExplanationPathLimit { get; init; } = 50;

    /// <summary>Attack-graph options.</summary>
    public AttackGraphOptions? GraphOptions { get; init; }
}

/// <summary>One chosen measure of a budget plan.</summary>
/// <param name="Measure">The measure.</param>
/// <param name="RiskBefore">Risk before it (after the earlier picks).</param>
/// <param name="RiskAfter">Risk after it.</param>
/// <param name="PathsRemoved">The minimal attack paths to assets (before it) that use a fact it removes.</param>
/// <param name="PathsTruncated">True when the path enumeration hit its bound.</param>
public sealed record BudgetPick(DefenceMeasure Measure, double RiskBefore, double RiskAfter, IReadOnlyList<AttackPath> PathsRemoved,
    bool PathsTruncated)
{
    /// <summary>Risk reduced by this pick.</summary>
    public double RiskReduced => RiskBefore - RiskAfter;

    /// <summary>Risk reduced per unit of cost (infinite for a free measure).</summary>
    public double ReductionPerCost => Measure.Cost > 0 ? RiskReduced / Measure.Cost : double.PositiveInfinity;
}

/// <summary>The measures chosen within a budget.</summary>
/// <param name="Budget">The budget.</param>
/// <param name="Picks">The picks in the order chosen (best ratio first, re-evaluated after each).</param>
/// <param name="RiskBefore">Σ value × compromise probability before any measure.</param>
/// <param name="RiskAfter">The same after all picks.</param>
/// <param name="AfterFacts">The facts after all picks.</param>
public sealed record BudgetPlan(double Budget, IReadOnlyList<BudgetPick> Picks, double RiskBefore, double RiskAfter, AttackFacts AfterFacts)
{
    /// <summary>Total cost of the picks.</summary>
    public double Spent => Picks.Sum(p => p.Measure.Cost);

    /// <summary>Risk reduced in total.</summary>
    public double RiskReduced => RiskBefore - RiskAfter;
}
