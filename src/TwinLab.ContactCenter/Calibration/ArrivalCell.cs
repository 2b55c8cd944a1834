namespace TwinLab.ContactCenter.Calibration;

/// <summary>One (weekday, interval) cell of an arrival profile: the counts of that interval on every observed day of that weekday.</summary>
/// <param name="Day">Day of week.</param>
/// <param name="Interval">Interval of the day, 0 = the one starting at midnight.</param>
/// <param name="Start">Start time of the interval.</param>
/// <param name="DaysObserved">Days of this weekday in the observation window.</param>
/// <param name="Total">Arrivals in this interval over those days.</param>
/// <param name="MeanCount">Mean arrivals per interval (NaN when no day was observed): the maximum-likelihood rate of a
/// Poisson process that is constant within the cell.</param>
/// <param name="Lower">Lower exact Poisson confidence limit of the mean count.</param>
/// <param name="Upper">Upper exact Poisson confidence limit of the mean count.</param>
/// <param name="Variance">Sample variance of the daily counts (NaN below two days).</param>
/// <param name="DispersionIndex">Variance / mean: about 1 for Poisson arrivals, above 1 when days differ more than
/// Poisson chance allows (NaN when the mean is 0 or fewer than two days).</param>
public sealed record ArrivalCell(
    DayOfWeek Day, int Interval, TimeOnly Start, int DaysObserved, long Total,
    double MeanCount, double Lower, double Upper, double Variance, double DispersionIndex);
