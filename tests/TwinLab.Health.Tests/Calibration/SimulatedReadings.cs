using TwinLab.Health.Patients;
using TwinLab.Health.Pharmacology;
using TwinLab.Simulation.Random;

namespace TwinLab.Health.Tests.Calibration;

/// <summary>
/// Readings of a simulated person for calibration tests: the noise-free home effect of their history
/// (<see cref="BpResponse.DailyEffects"/>) plus day noise shared by a day's readings, measurement noise and the
/// morning/evening offset of <see cref="NoiseModel"/>. Deliberately small: the full simulator lives elsewhere.
/// </summary>
internal static class SimulatedReadings
{
    public static readonly DateOnly Start = new(2025, 1, 6);

    /// <summary>CCB 1.6, ACEi 0.5, the others 1; untreated home 158/98.</summary>
    public static PatientPhysiology Person { get; } = new(new BpChange(158, 98), [1.0, 1.0, 0.5, 1.0, 1.6]);

    /// <summary>None for <paramref name="noneDays"/>, then lisinopril 10 mg, then + amlodipine 5 mg from <paramref name="ccbDay"/>.</summary>
    public static RegimenPeriod[] NoneThenAceThenCcb(int noneDays = 60, int ccbDay = 180) =>
    [
        new(Regimen.Parse("lisinopril 10mg"), Start.AddDays(noneDays), Start.AddDays(ccbDay), "test:1"),
        new(Regimen.Parse("lisinopril 10mg + amlodipine 5mg"), Start.AddDays(ccbDay), null, "test:2"),
    ];

    /// <summary>
    /// Readings over <paramref name="days"/> days from <see cref="Start"/>: at 07:30 and (unless morning-only) 21:00, each
    /// day missing with probability <paramref name="missingDay"/>. <paramref name="drift"/> adds a slow AR(1) wander of
    /// that SD (mmHg systolic, 0.7× diastolic) with day-to-day correlation 0.97.
    /// </summary>
    public static BpReading[] Generate(PatientPhysiology person, IReadOnlyList<RegimenPeriod> history, int days, ulong seed,
        bool morningOnly = false, double missingDay = 0, double drift = 0, NoiseModel? noise = null)
    {
        noise ??= NoiseModel.Default;
        var random = RandomStream.FromSeed(seed);
        var effects = BpResponse.DailyEffects(history, person, Start, days);
        var readings = new List<BpReading>();
        var wander = 0.0;
        for (var d = 0; d < days; d++)
        {
            wander = 0.97 * wander + Math.Sqrt(1 - 0.97 * 0.97) * drift * random.NextGaussian();
            var daySys = noise.DayToDay.Systolic * random.NextGaussian() + wander;
            var dayDia = noise.DayToDay.Diastolic * random.NextGaussian() + 0.7 * wander;
            if (random.NextDouble() < missingDay) continue;
            var mean = person.UntreatedHome - effects[d];
            var day = Start.AddDays(d);
            foreach (var morning in morningOnly ? new[] { true } : [true, false])
            {
                var offset = noise.TimeOfDayOffset(morning);
                var time = new DateTimeOffset(day.ToDateTime(morning ? new TimeOnly(7, 30) : new TimeOnly(21, 0)), TimeSpan.FromHours(1));
                readings.Add(new BpReading(time,
                    Math.Round(mean.Systolic + offset.Systolic + daySys + noise.Measurement.Systolic * random.NextGaussian()),
                    Math.Round(mean.Diastolic + offset.Diastolic + dayDia + noise.Measurement.Diastolic * random.NextGaussian()),
                    70, ReadingSetting.Home, $"sim.csv:{readings.Count + 2}"));
            }
        }
        return readings.ToArray();
    }

    public static PatientProfile Profile(IReadOnlyList<RegimenPeriod> history, IReadOnlyList<BpReading> readings) =>
        new() { Id = "sim-1", Name = "Simulated Person", Medication = history, Readings = readings };
}
