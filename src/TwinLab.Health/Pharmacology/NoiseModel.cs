namespace TwinLab.Health.Pharmacology;

/// <summary>
/// How single home readings scatter around a person's true mean home BP: what the twin must not mistake for a response.
/// </summary>
/// <param name="DayToDay">SD of the true daily mean around the person's long-run mean (biological day-to-day variation), mmHg.</param>
/// <param name="Measurement">SD of one reading around that day's true value at that time of day (device and technique), mmHg.</param>
/// <param name="MorningMinusEvening">How much higher morning readings are than evening ones, mmHg; the mean lies halfway.</param>
/// <remarks>
/// Sources: the day-to-day SD of single morning home readings is about 8.6/5.8 mmHg (Ohasama study, Kikuya M et al.,
/// Hypertension 2007) — that total is split here into a measurement part of 4/3 mmHg (an assumption, well inside the
/// ISO 81060-2 limit of SD ≤ 8 mmHg for validated devices) and the biological rest, √(8.6²−4²) ≈ 7.6 and √(5.8²−3²) ≈ 5.0.
/// Morning home BP exceeds evening BP by about 9/9 mmHg in treated patients (Kawabe H et al., 139/88 vs 130/79).
/// </remarks>
public sealed record NoiseModel(BpChange DayToDay, BpChange Measurement, BpChange MorningMinusEvening)
{
    /// <summary>The default model from the sources above.</summary>
    public static NoiseModel Default { get; } = new(
        new BpChange(Math.Sqrt(8.6 * 8.6 - 4.0 * 4.0), Math.Sqrt(5.8 * 5.8 - 3.0 * 3.0)),
        new BpChange(4.0, 3.0),
        new BpChange(9.0, 9.0));

    /// <summary>The SD of one reading around the person's long-run mean for its time of day (day-to-day and measurement together).</summary>
    public BpChange SingleReading => new(
        Math.Sqrt(DayToDay.Systolic * DayToDay.Systolic + Measurement.Systolic * Measurement.Systolic),
        Math.Sqrt(DayToDay.Diastolic * DayToDay.Diastolic + Measurement.Diastolic * Measurement.Diastolic));

    /// <summary>The offset of a reading's expected value from the daily mean: +half the difference in the morning, −half in the evening.</summary>
    public BpChange TimeOfDayOffset(bool morning) => MorningMinusEvening * (morning ? 0.5 : -0.5);
}
