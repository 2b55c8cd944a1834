using TwinLab.Simulation.Statistics;

namespace TwinLab.Simulation.Experiments.Optimisation;

/// <summary>One simulated point of an optimisation.</summary>
/// <param name="Evaluation">Its position in the search history (0-based); confirmation runs keep the number of the
/// search evaluation they repeat.</param>
/// <param name="Name">Scenario name, e.g. <c>buffer=4, crews=2</c>.</param>
/// <param name="Values">The decision variables' values, in <see cref="OptimisationProblem.Variables"/> order.</param>
/// <param name="Parameters">Every parameter's value.</param>
/// <param name="Objective">The objective's estimate and confidence interval.</param>
/// <param name="ConstraintValues">Each constraint's expression value (on KPI means), in constraint order.</param>
/// <param name="Violation">Total violation: Σ amount by which each constraint is broken / max(1, |bound|); 0 when feasible.</param>
/// <param name="Scenario">The replications, with each KPI's summary.</param>
public sealed record Candidate(
    int Evaluation,
    string Name,
    IReadOnlyList<ParameterValue> Values,
    ParameterSet Parameters,
    ObjectiveEstimate Objective,
    IReadOnlyList<double> ConstraintValues,
    double Violation,
    ScenarioResult Scenario)
{
    /// <summary>Whether every constraint holds (on the means).</summary>
    public bool Feasible => Violation == 0;

    /// <summary>Each KPI's summary (mean, CI, percentiles), in the simulator's KPI order.</summary>
    public IReadOnlyList<KpiSummary> Kpis => Scenario.Summaries;
}
