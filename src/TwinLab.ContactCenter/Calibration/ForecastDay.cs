namespace TwinLab.ContactCenter.Calibration;

/// <summary>The forecast of one future day.</summary>
/// <param name="Date">The day.</param>
/// <param name="Counts">Expected arrivals in each interval of the day, midnight first.</param>
public sealed record ForecastDay(DateOnly Date, double[] Counts);
