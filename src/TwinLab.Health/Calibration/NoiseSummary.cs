using TwinLab.Health.Pharmacology;

namespace TwinLab.Health.Calibration;

/// <summary>How the person's readings scatter around the fitted twin, against the noise model.</summary>
/// <param name="ResidualSd">SD of single home readings around the fitted curve (at their time of day), mmHg; zero when no readings.</param>
/// <param name="ModelSd">What the noise model expects for a single reading (<see cref="NoiseModel.SingleReading"/>).</param>
/// <param name="Used">The noise model the final update used: the person's own estimate, or the default.</param>
/// <param name="FromOwnReadings">Whether <paramref name="Used"/> was estimated from the person's residuals.</param>
/// <param name="Lag1Autocorrelation">Lag-one autocorrelation of the standardised daily residuals (consecutive days); 0 when too few.</param>
/// <param name="LongRunVarianceRatio">Four-week long-run variance of the daily residuals over their variance (1 for independent days).</param>
/// <param name="VarianceInflation">Factor by which the noise variance was inflated for autocorrelation (1 = none).</param>
/// <param name="MorningMinusEvening">The person's own morning-minus-evening difference, when enough paired days; else null.</param>
/// <param name="DriftSd">The SD of a slow AR(1) drift of the daily mean, when the readings showed one and it was modelled; else null.</param>
/// <param name="DriftDayCorrelation">That drift's day-to-day correlation (e.g. 0.97: about a month's memory); 0 when none.</param>
public sealed record NoiseSummary(
    BpChange ResidualSd, BpChange ModelSd, NoiseModel Used, bool FromOwnReadings,
    double Lag1Autocorrelation, double LongRunVarianceRatio, double VarianceInflation, BpChange? MorningMinusEvening, BpChange? DriftSd, double DriftDayCorrelation);
