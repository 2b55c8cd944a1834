namespace TwinLab.Health.Calibration;

/// <summary>
/// One observation of the person's daily mean BP: the mean of a day's home readings after removing each reading's
/// time-of-day offset (the day's biological noise is shared by its readings, so they are aggregated), or one clinic
/// reading converted to a home value.
/// </summary>
/// <param name="DayIndex">Days since the first observed day.</param>
/// <param name="Systolic">Observed daily mean systolic, mmHg.</param>
/// <param name="Diastolic">Observed daily mean diastolic, mmHg.</param>
/// <param name="Count">Readings averaged.</param>
/// <param name="Clinic">Whether it is a converted clinic reading.</param>
internal readonly record struct DayObservation(int DayIndex, double Systolic, double Diastolic, int Count, bool Clinic);
