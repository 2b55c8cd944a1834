using TwinLab.Health.Pharmacology;

namespace TwinLab.Health.Prediction;

/// <summary>What the twin predicts for one person under one regimen started on a day.</summary>
/// <param name="Regimen">The regimen from <paramref name="StartDay"/> on (the person's earlier drugs wash out, drugs kept keep going).</param>
/// <param name="StartDay">The day the regimen starts.</param>
/// <param name="Target">The target the probabilities refer to.</param>
/// <param name="Horizons">The week-average home BP at each requested week.</param>
/// <param name="Trajectory">The noise-free mean home BP day by day from the start to the last requested week, for plotting.</param>
/// <param name="Samples">Number of posterior samples behind the figures.</param>
/// <param name="Seed">The seed that reproduces them.</param>
/// <param name="FromPopulationOnly">True when the twin has seen no response to treatment in this person: the figures are population averages.</param>
/// <param name="Evidence">What informed the posterior.</param>
/// <param name="IntervalCoverage">What the 80% intervals include and leave out.</param>
/// <param name="Disclaimer">Always <see cref="HealthDisclaimer.Text"/>.</param>
public sealed record BpPrediction(
    Regimen Regimen,
    DateOnly StartDay,
    BpTarget Target,
    IReadOnlyList<HorizonPrediction> Horizons,
    IReadOnlyList<TrajectoryPoint> Trajectory,
    int Samples,
    ulong Seed,
    bool FromPopulationOnly,
    string Evidence,
    string IntervalCoverage,
    string Disclaimer)
{
    /// <summary>The prediction at a week, or null when that week was not requested.</summary>
    public HorizonPrediction? At(int weeks) => Horizons.FirstOrDefault(h => h.Weeks == weeks);

    /// <summary>
    /// What the horizons' 80% intervals cover, stated once for every prediction.
    /// </summary>
    public const string IntervalCoverageText =
        "Each week's figures are for the average of 14 home readings (morning and evening on the 7 days of that week). " +
        "The 80% interval (10th–90th percentile) covers the uncertainty about this person's untreated BP and drug " +
        "sensitivities (the twin's posterior), their day-to-day BP variation over those 7 days and the measurement error " +
        "of those 14 readings; morning–evening differences cancel in the average. It does not cover error in the population " +
        "model itself (Law 2003 mean effects), missed doses, or a monitor that reads systematically high or low. " +
        "The daily trajectory band covers the posterior only (no noise).";
}
