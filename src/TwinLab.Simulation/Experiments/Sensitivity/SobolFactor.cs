namespace TwinLab.Simulation.Experiments.Sensitivity;

/// <summary>A factor of a Sobol' analysis: a numeric parameter varied uniformly over [<see cref="Min"/>, <see cref="Max"/>].</summary>
/// <param name="Parameter">Parameter name (for a simulator, one of its numeric parameters; for a function, a label).</param>
/// <param name="Min">Lower end of the range; for a simulator, null takes the parameter's own minimum.</param>
/// <param name="Max">Upper end of the range; for a simulator, null takes the parameter's own maximum.</param>
/// <remarks>Integer parameters are sampled uniformly over the whole numbers in the range.</remarks>
public sealed record SobolFactor(string Parameter, double? Min = null, double? Max = null);
