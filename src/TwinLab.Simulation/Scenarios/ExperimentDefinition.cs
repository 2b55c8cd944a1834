using TwinLab.Simulation.Experiments;
using TwinLab.Simulation.Experiments.Optimisation;
using TwinLab.Simulation.Experiments.Sweep;

namespace TwinLab.Simulation.Scenarios;

/// <summary>The experiment a scenario file asks for.</summary>
public abstract record ExperimentDefinition
{
    /// <summary>The type name used in files (<c>montecarlo</c>, <c>compare</c>, …).</summary>
    public abstract string Type { get; }
}

/// <summary>Monte Carlo replications of the base scenario, optionally until a precision target is met.</summary>
/// <param name="Precision">Keep adding replications until this is met, or null for a fixed count.</param>
public sealed record MonteCarloDefinition(PrecisionTarget? Precision) : ExperimentDefinition
{
    /// <inheritdoc />
    public override string Type => "montecarlo";
}

/// <summary>The base scenario against alternatives, paired with common random numbers.</summary>
/// <param name="Alternatives">The alternatives.</param>
/// <param name="CommonRandomNumbers">Whether all scenarios share random streams (default true).</param>
public sealed record CompareDefinition(IReadOnlyList<ScenarioSpec> Alternatives, bool CommonRandomNumbers) : ExperimentDefinition
{
    /// <inheritdoc />
    public override string Type => "compare";
}

/// <summary>A grid or Latin hypercube over parameters.</summary>
/// <param name="Design">The points.</param>
/// <param name="CommonRandomNumbers">Whether all points share random streams.</param>
public sealed record SweepDefinition(SweepDesign Design, bool CommonRandomNumbers) : ExperimentDefinition
{
    /// <inheritdoc />
    public override string Type => "sweep";
}

/// <summary>Simulation-based optimisation.</summary>
/// <param name="Problem">Objective, variables, constraints.</param>
/// <param name="Options">Search method, replications, budget.</param>
public sealed record OptimiseDefinition(OptimisationProblem Problem, OptimisationOptions Options) : ExperimentDefinition
{
    /// <inheritdoc />
    public override string Type => "optimise";
}

/// <summary>Sensitivity analysis: one-at-a-time (tornado) or variance-based (Sobol).</summary>
/// <param name="Method"><c>tornado</c> or <c>sobol</c>.</param>
/// <param name="Tornado">Ranges for a tornado.</param>
/// <param name="Sobol">Factors for Sobol indices.</param>
/// <param name="Samples">Sobol base samples N (N·(k+2) evaluations).</param>
public sealed record SensitivityDefinition(
    string Method,
    IReadOnlyList<Experiments.Sensitivity.TornadoRange> Tornado,
    IReadOnlyList<Experiments.Sensitivity.SobolFactor> Sobol,
    int Samples) : ExperimentDefinition
{
    /// <inheritdoc />
    public override string Type => "sensitivity";
}

/// <summary>Calibration of simulator parameters to observed KPI values.</summary>
/// <param name="Free">The parameters to fit.</param>
/// <param name="Targets">Observed KPI values with their uncertainty.</param>
public sealed record CalibrateDefinition(
    IReadOnlyList<Experiments.Calibration.FreeParameter> Free,
    IReadOnlyList<Experiments.Calibration.KpiTarget> Targets) : ExperimentDefinition
{
    /// <inheritdoc />
    public override string Type => "calibrate";
}
