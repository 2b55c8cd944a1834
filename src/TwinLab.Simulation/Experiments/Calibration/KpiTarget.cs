namespace TwinLab.Simulation.Experiments.Calibration;

/// <summary>An observed value a simulator's KPI mean should match.</summary>
/// <param name="Kpi">KPI name.</param>
/// <param name="Observed">The value observed in the real system.</param>
/// <param name="Sigma">Its standard error (the uncertainty of the observation, for example s/√n of a sample mean).</param>
public sealed record KpiTarget(string Kpi, double Observed, double Sigma);
