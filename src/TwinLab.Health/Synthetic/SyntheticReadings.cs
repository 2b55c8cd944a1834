using TwinLab.Health.Patients;
using TwinLab.Health.Pharmacology;
using TwinLab.Simulation.Random;

namespace TwinLab.Health.Synthetic;

/// <summary>
/// Makes home blood-pressure readings for a person whose response is known: the noise-free daily effect of their
/// medication history (<see cref="BpResponse.DailyEffects"/>) plus the noise of <see cref="NoiseModel"/>, so that a
/// calibration can be checked against the truth.
/// </summary>
/// <remarks>
/// Each day draws one biological deviation (SD <see cref="NoiseModel.DayToDay"/>, systolic and diastolic independent —
/// an assumption); each reading adds the morning/evening offset and a measurement error (SD
/// <see cref="NoiseModel.Measurement"/>). Morning readings fall between 06:30 and 08:00, evening ones between 20:00
/// and 22:00 local time; a reading is missed with probability <see cref="MissedReading"/> (our assumption for a fairly
/// adherent person). Values are rounded to whole mmHg and beats/min, as monitors show them.
/// </remarks>
public static class SyntheticReadings
{
    /// <summary>Probability that a scheduled reading is not taken (assumption).</summary>
    public const double MissedReading = 0.05;

    /// <summary>Pulse SD between days and between readings, beats/min (assumption).</summary>
    private const double PulseDaySd = 4, PulseReadingSd = 3;

    /// <summary>Twice-daily home readings over a span of days.</summary>
    /// <param name="person">Untreated BP and sensitivities: the truth.</param>
    /// <param name="history">Regimens taken.</param>
    /// <param name="firstDay">First day with readings.</param>
    /// <param name="days">Number of days.</param>
    /// <param name="meanPulse">The person's mean resting pulse, beats/min.</param>
    /// <param name="offset">The person's UTC offset (their wall clock).</param>
    /// <param name="random">The stream to draw from.</param>
    /// <param name="noise">The noise model; <see cref="NoiseModel.Default"/> when null.</param>
    /// <returns>Readings, oldest first, with an empty source.</returns>
    public static List<BpReading> TwiceDaily(PatientPhysiology person, IReadOnlyList<RegimenPeriod> history, DateOnly firstDay, int days,
        double meanPulse, TimeSpan offset, RandomStream random, NoiseModel? noise = null)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(random);
        noise ??= NoiseModel.Default;
        var effects = BpResponse.DailyEffects(history, person, firstDay, days);
        var result = new List<BpReading>(2 * days);
        for (var d = 0; d < days; d++)
        {
            var day = firstDay.AddDays(d);
            var mean = person.UntreatedHome - effects[d];
            var dayNoise = new BpChange(random.NextGaussian() * noise.DayToDay.Systolic, random.NextGaussian() * noise.DayToDay.Diastolic);
            var dayPulse = meanPulse + random.NextGaussian() * PulseDaySd;
            foreach (var morning in (bool[])[true, false])
            {
                var minute = morning ? 390 + random.NextInt(90) : 1200 + random.NextInt(120);
                var missed = random.NextDouble() < MissedReading;
                var measurement = new BpChange(random.NextGaussian() * noise.Measurement.Systolic, random.NextGaussian() * noise.Measurement.Diastolic);
                var pulse = dayPulse + random.NextGaussian() * PulseReadingSd;
                if (missed) continue;
                var value = mean + noise.TimeOfDayOffset(morning) + dayNoise + measurement;
                var time = new DateTimeOffset(day.ToDateTime(new TimeOnly(minute / 60, minute % 60)), offset);
                result.Add(new BpReading(time, Math.Round(value.Systolic), Math.Round(value.Diastolic), Math.Round(pulse), ReadingSetting.Home, ""));
            }
        }
        return result;
    }

    /// <summary>The person's true mean home BP on each day (no noise): untreated minus the daily effect.</summary>
    public static BpChange[] TrueDailyMean(PatientPhysiology person, IReadOnlyList<RegimenPeriod> history, DateOnly firstDay, int days) =>
        [.. BpResponse.DailyEffects(history, person, firstDay, days).Select(e => person.UntreatedHome - e)];
}
