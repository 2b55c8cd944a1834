namespace TwinLab.Simulation.Experiments.Sensitivity;

/// <summary>
/// The low and high values a tornado analysis tries for one numeric parameter: given explicitly
/// (<see cref="Low"/> and <see cref="High"/>), as ± a fraction of the base value (<see cref="Fraction"/>), or,
/// when neither is set, the parameter's own bounds.
/// </summary>
/// <param name="Parameter">Parameter name.</param>
/// <param name="Low">Low value (with <see cref="High"/>).</param>
/// <param name="High">High value (with <see cref="Low"/>).</param>
/// <param name="Fraction">Relative change: 0.1 tries base·0.9 and base·1.1, clipped to the parameter's bounds.</param>
public sealed record TornadoRange(string Parameter, double? Low = null, double? High = null, double? Fraction = null)
{
    /// <summary>Explicit low and high values.</summary>
    public static TornadoRange Between(string parameter, double low, double high) => new(parameter, low, high);

    /// <summary>The base value ± <paramref name="fraction"/> of it (0.1 = ±10%).</summary>
    public static TornadoRange Relative(string parameter, double fraction) => new(parameter, Fraction: fraction);

    /// <summary>The parameter's minimum and maximum.</summary>
    public static TornadoRange Bounds(string parameter) => new(parameter);
}
