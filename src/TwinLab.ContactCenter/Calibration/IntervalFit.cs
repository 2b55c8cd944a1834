using TwinLab.ContactCenter.Data;

namespace TwinLab.ContactCenter.Calibration;

/// <summary>
/// One row of the fitted-versus-observed table: a (weekday, interval) cell of one queue. The fitted count is the
/// model's expected arrivals in the interval; it equals the observed mean unless the weekday was never observed
/// (then it is imputed), because the cell mean is the maximum-likelihood rate. What the row tests is whether the
/// Poisson assumption holds there (<see cref="DispersionIndex"/> ≈ 1) and how precise the rate is (the interval).
/// </summary>
/// <param name="Queue">Queue.</param>
/// <param name="Channel">Channel.</param>
/// <param name="Day">Day of week.</param>
/// <param name="Start">Interval start.</param>
/// <param name="DaysObserved">Days the mean is over.</param>
/// <param name="ObservedMean">Mean observed count (NaN when no day was observed).</param>
/// <param name="ObservedVariance">Variance of the daily counts.</param>
/// <param name="FittedCount">Expected count in the model: rate × interval length.</param>
/// <param name="FittedRatePerHour">The model's rate.</param>
/// <param name="Lower">Lower Poisson confidence limit of the mean count.</param>
/// <param name="Upper">Upper Poisson confidence limit of the mean count.</param>
/// <param name="DispersionIndex">Variance / mean of the daily counts.</param>
public sealed record IntervalFit(
    string Queue, Channel Channel, DayOfWeek Day, TimeOnly Start, int DaysObserved, double ObservedMean, double ObservedVariance,
    double FittedCount, double FittedRatePerHour, double Lower, double Upper, double DispersionIndex);
