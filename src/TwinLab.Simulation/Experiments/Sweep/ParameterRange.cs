namespace TwinLab.Simulation.Experiments.Sweep;

/// <summary>A numeric range a Latin hypercube samples a parameter over.</summary>
/// <param name="Min">Smallest value.</param>
/// <param name="Max">Largest value.</param>
public sealed record ParameterRange(double Min, double Max)
{
    /// <summary>The bounds a simulator declares for a parameter.</summary>
    /// <exception cref="Core.Errors.TwinLabException">The parameter has an infinite bound.</exception>
    public static ParameterRange Of(ParameterSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (!double.IsFinite(spec.Min) || !double.IsFinite(spec.Max))
            throw new Core.Errors.TwinLabException(Core.Errors.ErrorCodes.InvalidArgument,
                $"Parameter '{spec.Name}' has no finite range [{spec.Min}, {spec.Max}]; give one explicitly.");
        return new ParameterRange(spec.Min, spec.Max);
    }
}
