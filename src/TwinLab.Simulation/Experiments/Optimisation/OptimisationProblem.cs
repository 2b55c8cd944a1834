namespace TwinLab.Simulation.Experiments.Optimisation;

/// <summary>What to optimise: an objective over decision variables, subject to constraints.</summary>
/// <param name="Objective">What to minimise or maximise.</param>
/// <param name="Variables">The parameters the optimiser may change.</param>
/// <param name="Constraints">Constraints a candidate must satisfy to be feasible (none when null).</param>
/// <param name="Basis">Values of the other parameters; the simulator's defaults when null.</param>
/// <param name="Interventions">Interventions applied to every candidate.</param>
public sealed record OptimisationProblem(
    Objective Objective,
    IReadOnlyList<DecisionVariable> Variables,
    IReadOnlyList<Constraint>? Constraints = null,
    ParameterSet? Basis = null,
    IReadOnlyList<string>? Interventions = null);
