namespace TwinLab.Simulation.Experiments.Optimisation;

/// <summary>
/// A parameter the optimiser may change, and the values it may take.
/// </summary>
/// <remarks>
/// The values are, in order of precedence: <paramref name="Levels"/> when given; otherwise false/true for a boolean
/// parameter and the choices of a choice parameter; otherwise the numbers from <paramref name="Min"/> to
/// <paramref name="Max"/> in steps of <paramref name="Step"/> (an integer parameter always has a step, 1 by default);
/// otherwise, for a real parameter without a step, the whole interval (a continuous variable). Missing bounds
/// default to the parameter's declared <see cref="ParameterSpec.Min"/> and <see cref="ParameterSpec.Max"/>.
/// </remarks>
/// <param name="Parameter">Parameter name.</param>
/// <param name="Min">Lower bound (numeric parameters).</param>
/// <param name="Max">Upper bound (numeric parameters).</param>
/// <param name="Step">Step between allowed values; null for a continuous real parameter.</param>
/// <param name="Levels">An explicit list of allowed values.</param>
public sealed record DecisionVariable(
    string Parameter,
    double? Min = null,
    double? Max = null,
    double? Step = null,
    IReadOnlyList<ParameterValue>? Levels = null)
{
    /// <summary>A real parameter anywhere in [min, max] (bounds default to the declared ones).</summary>
    public static DecisionVariable Continuous(string parameter, double? min = null, double? max = null) => new(parameter, min, max);

    /// <summary>A numeric parameter on the grid min, min + step, …, max.</summary>
    public static DecisionVariable Stepped(string parameter, double step, double? min = null, double? max = null) =>
        new(parameter, min, max, step);

    /// <summary>A parameter restricted to the values listed.</summary>
    public static DecisionVariable Discrete(string parameter, IReadOnlyList<ParameterValue> levels) => new(parameter, Levels: levels);
}
