namespace TwinLab.ContactCenter.Calibration;

/// <summary>One term of the satisfaction regression.</summary>
/// <param name="Term">Its name: Intercept, WaitMinutes, HandleMinutes, Resolved, ResolvedUnknown, Channel=…, Queue=….</param>
/// <param name="Estimate">Effect on the score per unit (per minute; for a dummy, versus the reference level).</param>
/// <param name="StandardError">Its OLS standard error.</param>
public sealed record SatisfactionCoefficient(string Term, double Estimate, double StandardError);
