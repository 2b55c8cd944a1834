using System.Globalization;
using TwinLab.Health.Patients;

namespace TwinLab.Health.Safety;

/// <summary>A person's labs and vital signs as known on a day: nothing measured after it counts.</summary>
internal sealed class PatientLabs
{
    private readonly PatientProfile _patient;
    private readonly DateOnly _today;

    /// <summary>Creates the view as of a day (<see cref="DateOnly.MaxValue"/> for everything known).</summary>
    public PatientLabs(PatientProfile patient, DateOnly today)
    {
        _patient = patient;
        _today = today;
    }

    /// <summary>The latest value of a lab measured on or before the day, or null.</summary>
    public LabResult? Latest(LabKind kind) =>
        _patient.Labs.Where(l => l.Kind == kind && Day(l.Time) <= _today).MaxBy(l => l.Time);

    /// <summary>Whether a lab was measured in the twelve months up to the day.</summary>
    public bool MeasuredInLastYear(LabKind kind) => Latest(kind) is { } lab && Day(lab.Time) > _today.AddMonths(-12);

    /// <summary>
    /// The latest eGFR (mL/min/1.73 m²) with how it was known: a measured eGFR, or one computed from the latest creatinine
    /// by the race-free CKD-EPI 2021 equation (Inker LA et al., NEJM 2021;385:1737) when age and sex are known.
    /// </summary>
    public (double Value, string Description)? Egfr()
    {
        var egfr = Latest(LabKind.Egfr);
        var creatinine = Latest(LabKind.Creatinine);
        if (egfr is not null && (creatinine is null || egfr.Time >= creatinine.Time))
            return (egfr.Value, $"eGFR {Format(egfr.Value)} mL/min/1.73 m² on {Date(egfr.Time)}");
        if (creatinine is not null && CkdEpi2021(creatinine.Value, _patient.AgeOn(Day(creatinine.Time)), _patient.Sex) is { } computed)
            return (computed, $"eGFR {Format(computed)} mL/min/1.73 m² (CKD-EPI 2021 from creatinine {Format(creatinine.Value)} µmol/L on {Date(creatinine.Time)})");
        return egfr is null ? null : (egfr.Value, $"eGFR {Format(egfr.Value)} mL/min/1.73 m² on {Date(egfr.Time)}");
    }

    /// <summary>
    /// The latest resting heart rate: a recorded heart rate, or the median pulse of the home readings of the last
    /// seven days that have one (a median, because a single monitor pulse is noisy), whichever is more recent.
    /// </summary>
    public (double Value, string Description)? HeartRate()
    {
        var lab = Latest(LabKind.HeartRate);
        var withPulse = _patient.Readings.Where(r => r.Pulse is not null && r.Day <= _today).ToList();
        (double, string, DateTimeOffset)? fromReadings = null;
        if (withPulse.Count > 0)
        {
            var last = withPulse.Max(r => r.Day);
            var recent = withPulse.Where(r => r.Day > last.AddDays(-7)).Select(r => r.Pulse!.Value).Order().ToArray();
            var median = recent.Length % 2 == 1 ? recent[recent.Length / 2] : (recent[recent.Length / 2 - 1] + recent[recent.Length / 2]) / 2;
            fromReadings = (median, $"median pulse {Format(median)}/min over {recent.Length} readings in the week to {last:yyyy-MM-dd}",
                withPulse.Max(r => r.Time));
        }
        if (lab is not null && (fromReadings is null || lab.Time >= fromReadings.Value.Item3))
            return (lab.Value, $"heart rate {Format(lab.Value)}/min on {Date(lab.Time)}");
        return fromReadings is { } f ? (f.Item1, f.Item2) : null;
    }

    /// <summary>
    /// CKD-EPI 2021 (race-free) eGFR from serum creatinine in µmol/L: 142 × min(Scr/κ, 1)^α × max(Scr/κ, 1)^−1.200 ×
    /// 0.9938^age (× 1.012 if female), Scr in mg/dL (µmol/L ÷ 88.4), κ 0.7 female / 0.9 male, α −0.241 female / −0.302
    /// male (Inker LA et al., NEJM 2021;385:1737). Null when age or sex is unknown.
    /// </summary>
    public static double? CkdEpi2021(double creatinineUmolPerL, int? age, Sex sex)
    {
        if (age is not { } years || sex is not (Sex.Female or Sex.Male) || !(creatinineUmolPerL > 0)) return null;
        var female = sex == Sex.Female;
        var scr = creatinineUmolPerL / 88.4;
        var kappa = female ? 0.7 : 0.9;
        var alpha = female ? -0.241 : -0.302;
        var ratio = scr / kappa;
        return 142 * Math.Pow(Math.Min(ratio, 1), alpha) * Math.Pow(Math.Max(ratio, 1), -1.200) * Math.Pow(0.9938, years) * (female ? 1.012 : 1.0);
    }

    /// <summary>A value as an explanation writes it.</summary>
    public static string Format(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    private static DateOnly Day(DateTimeOffset time) => DateOnly.FromDateTime(time.DateTime);

    private static string Date(DateTimeOffset time) => Day(time).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
