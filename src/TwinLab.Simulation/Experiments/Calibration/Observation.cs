namespace TwinLab.Simulation.Experiments.Calibration;

/// <summary>One observed value a model is fitted to.</summary>
/// <param name="X">Where it was observed (time, dose, load …); the model reads it to predict.</param>
/// <param name="Y">The observed value.</param>
/// <param name="Sigma">Its standard deviation: the point's weight is 1/σ². Null means 1 (equal weights).</param>
/// <param name="Series">Which output it belongs to, when several outputs are fitted at once (systolic and
/// diastolic pressure; arrivals and handle times). Null for a single output.</param>
public sealed record Observation(double X, double Y, double? Sigma = null, string? Series = null);
