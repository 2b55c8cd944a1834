namespace TwinLab.Health.Prediction;

/// <summary>One day of a predicted trajectory: the person's noise-free mean home BP, median and 80% band over the posterior.</summary>
/// <param name="Day">The day.</param>
/// <param name="Systolic">Mean home systolic BP that day.</param>
/// <param name="Diastolic">Mean home diastolic BP that day.</param>
public sealed record TrajectoryPoint(DateOnly Day, PredictedRange Systolic, PredictedRange Diastolic);
