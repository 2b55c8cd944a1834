namespace TwinLab.Simulation.Experiments.Calibration;

/// <summary>The result of calibrating a simulator to KPI targets.</summary>
/// <param name="Fit">Estimates, fit quality and uncertainty; its observations are the targets, in order.</param>
/// <param name="Targets">The targets.</param>
/// <param name="Calibrated">The base scenario with the fitted values.</param>
/// <param name="Simulated">The calibrated scenario's replications (same streams as the fit), to set KPI means and
/// their intervals beside the targets.</param>
public sealed record SimulatorCalibrationResult(
    CalibrationResult Fit, IReadOnlyList<KpiTarget> Targets, ScenarioSpec Calibrated, ScenarioResult Simulated);
