namespace TwinLab.ContactCenter.Calibration;

/// <summary>One step of a Kaplan–Meier curve, at a time when someone abandoned.</summary>
/// <param name="Time">Wait in seconds.</param>
/// <param name="AtRisk">Contacts still waiting just before it (waits ≥ Time; a wait censored at the same time counts as at risk).</param>
/// <param name="Events">Abandonments at it.</param>
/// <param name="Survival">Estimated P(patience &gt; Time).</param>
/// <param name="StandardError">Greenwood's standard error of <see cref="Survival"/> (Greenwood, 1926).</param>
public sealed record SurvivalPoint(double Time, int AtRisk, int Events, double Survival, double StandardError);
