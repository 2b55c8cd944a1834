namespace TwinLab.Simulation.Experiments.Calibration;

/// <summary>A parameter a calibration estimates.</summary>
/// <param name="Name">Name the model reads its value under.</param>
/// <param name="Initial">Starting value of the search; must lie within the bounds.</param>
/// <param name="Lower">Smallest allowed value (−∞ for none).</param>
/// <param name="Upper">Largest allowed value (+∞ for none).</param>
/// <param name="LogScale">Search, and report asymptotic intervals, on the logarithm of the value: for positive
/// quantities spanning orders of magnitude (rates, time constants). Needs a positive initial value and a lower bound ≥ 0.</param>
public sealed record FreeParameter(
    string Name, double Initial, double Lower = double.NegativeInfinity, double Upper = double.PositiveInfinity, bool LogScale = false);
