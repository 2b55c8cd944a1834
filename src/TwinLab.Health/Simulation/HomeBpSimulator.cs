using TwinLab.Core.Errors;
using TwinLab.Health.Patients;
using TwinLab.Health.Pharmacology;
using TwinLab.Simulation.Random;

namespace TwinLab.Health.Simulation;

/// <summary>
/// Simulates what a person's home monitor (or a clinic visit) would show under a medication history: the noise-free
/// mean from <see cref="BpResponse"/> plus the noise of <see cref="NoiseModel"/>.
/// </summary>
/// <remarks>
/// <para>A home reading is: untreated mean home BP − <see cref="BpResponse.DailyEffects"/> + the day's biological deviation
/// (one draw per day, shared by the day's readings) + the time-of-day offset (morning above evening) + measurement noise
/// (one draw per reading). Readings are rounded to whole mmHg as home monitors show them. Systolic and diastolic noise are
/// drawn independently (<see cref="NoiseModel"/> gives no correlation; an assumption that leaves each SD as published).</para>
/// <para>A clinic visit measures the clinic equivalent of the untreated home mean (<see cref="HomeBp.ToClinic"/>) less the
/// drug effect on clinic BP, which is larger than on home BP (the home effect ÷ <see cref="HomeBp.HomeToClinicEffectRatio"/>,
/// Ishikawa J et al., Hypertension 2008), and averages two readings as trials do. The visit's biological deviation and the
/// per-reading measurement noise are taken from the same <see cref="NoiseModel"/> as at home (an assumption: clinic
/// visit-to-visit variability is, if anything, larger).</para>
/// <para>Deterministic: the same inputs and the same <see cref="RandomStream"/> state give the same readings. Every day draws
/// the same count of random numbers whatever the missed fraction, so schedules that differ only in missed readings
/// share their noise (common random numbers). Thread-safe (no shared state); each caller passes its own stream.</para>
/// </remarks>
public static class HomeBpSimulator
{
    /// <summary>The <see cref="BpReading.Source"/> of simulated readings.</summary>
    public const string Source = "simulated";

    /// <summary>Readings averaged at one clinic visit when not told otherwise (trials average two or more seated readings).</summary>
    public const int DefaultClinicReadings = 2;

    /// <summary>Simulates home readings over <paramref name="days"/> days from <paramref name="firstDay"/> under a medication history.</summary>
    /// <param name="person">The person's parameters.</param>
    /// <param name="noise">How readings scatter.</param>
    /// <param name="history">The regimens taken, e.g. the person's history plus a candidate regimen from a start day.</param>
    /// <param name="firstDay">The first simulated day.</param>
    /// <param name="days">Number of days.</param>
    /// <param name="random">The stream noise is drawn from (advanced by the call).</param>
    /// <param name="schedule">When readings are taken; <see cref="ReadingSchedule.Default"/> (07:00 and 21:00) when null.</param>
    /// <exception cref="TwinLabException">A negative day count, a negative noise SD or an invalid schedule.</exception>
    public static SimulatedHomeBp Simulate(
        PatientPhysiology person, NoiseModel noise, IReadOnlyList<RegimenPeriod> history, DateOnly firstDay, int days,
        RandomStream random, ReadingSchedule? schedule = null)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(history);
        CheckDays(days);
        var effects = BpResponse.DailyEffects(history, person, firstDay, days);
        var means = new BpChange[days];
        for (var d = 0; d < days; d++) means[d] = person.UntreatedHome - effects[d];
        return SimulateReadings(means, firstDay, noise, random, schedule);
    }

    /// <summary>Simulates home readings around given noise-free daily means (one per day from <paramref name="firstDay"/>).</summary>
    /// <exception cref="TwinLabException">A negative noise SD or an invalid schedule.</exception>
    public static SimulatedHomeBp SimulateReadings(
        IReadOnlyList<BpChange> dailyMeans, DateOnly firstDay, NoiseModel noise, RandomStream random, ReadingSchedule? schedule = null)
    {
        ArgumentNullException.ThrowIfNull(dailyMeans);
        ArgumentNullException.ThrowIfNull(random);
        CheckNoise(noise);
        schedule ??= ReadingSchedule.Default;
        schedule.Validate();
        var perDay = schedule.ReadingsPerDay;
        var readings = new List<BpReading>(dailyMeans.Count * perDay);
        var morningOffset = noise.TimeOfDayOffset(schedule.Morning.Hour < 12);
        var eveningOffset = schedule.Evening is { } e ? noise.TimeOfDayOffset(e.Hour < 12) : BpChange.Zero;
        for (var d = 0; d < dailyMeans.Count; d++)
        {
            var mean = dailyMeans[d];
            var daySys = mean.Systolic + random.NextGaussian() * noise.DayToDay.Systolic;
            var dayDia = mean.Diastolic + random.NextGaussian() * noise.DayToDay.Diastolic;
            var day = firstDay.AddDays(d);
            for (var slot = 0; slot < perDay; slot++)
            {
                var missed = random.NextDouble() < schedule.MissedFraction;
                var sys = daySys + random.NextGaussian() * noise.Measurement.Systolic;
                var dia = dayDia + random.NextGaussian() * noise.Measurement.Diastolic;
                if (missed) continue;
                var (time, offset) = slot == 0 ? (schedule.Morning, morningOffset) : (schedule.Evening!.Value, eveningOffset);
                readings.Add(new BpReading(
                    new DateTimeOffset(day.ToDateTime(time), schedule.UtcOffset),
                    Math.Round(sys + offset.Systolic), Math.Round(dia + offset.Diastolic), null, ReadingSetting.Home, Source));
            }
        }
        return new SimulatedHomeBp(firstDay, dailyMeans as BpChange[] ?? [.. dailyMeans], readings);
    }

    /// <summary>
    /// The true mean clinic BP of a person whose home BP is lowered by <paramref name="homeEffect"/> (positive mmHg):
    /// the clinic equivalent of the untreated home mean less the clinic effect, home effect ÷ 0.8.
    /// </summary>
    public static BpChange ClinicMean(PatientPhysiology person, BpChange homeEffect) =>
        HomeBp.ToClinic(person.UntreatedHome) - homeEffect * (1 / HomeBp.HomeToClinicEffectRatio);

    /// <summary>One clinic visit's measured BP around a true clinic mean: the visit's biological deviation plus the average of
    /// <paramref name="readings"/> readings' measurement noise (not rounded: it is an average).</summary>
    /// <exception cref="TwinLabException">Fewer than one reading, or a negative noise SD.</exception>
    public static BpChange MeasureClinic(BpChange clinicMean, NoiseModel noise, RandomStream random, int readings = DefaultClinicReadings)
    {
        ArgumentNullException.ThrowIfNull(random);
        CheckNoise(noise);
        if (readings < 1)
            throw new TwinLabException(ErrorCodes.InvalidArgument, $"A clinic visit needs at least one reading, not {readings}.");
        var sys = clinicMean.Systolic + random.NextGaussian() * noise.DayToDay.Systolic;
        var dia = clinicMean.Diastolic + random.NextGaussian() * noise.DayToDay.Diastolic;
        double ms = 0, md = 0;
        for (var i = 0; i < readings; i++)
        {
            ms += random.NextGaussian();
            md += random.NextGaussian();
        }
        return new BpChange(sys + ms / readings * noise.Measurement.Systolic, dia + md / readings * noise.Measurement.Diastolic);
    }

    /// <summary>Simulates a clinic visit at <paramref name="time"/> (local clock) under a medication history: Setting Clinic,
    /// Source <c>simulated</c>, the average of <paramref name="readings"/> readings.</summary>
    /// <exception cref="TwinLabException">Fewer than one reading, or a negative noise SD.</exception>
    public static BpReading ClinicVisit(
        PatientPhysiology person, NoiseModel noise, IReadOnlyList<RegimenPeriod> history, DateTimeOffset time, RandomStream random,
        int readings = DefaultClinicReadings)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(history);
        var day = DateOnly.FromDateTime(time.DateTime);
        var effect = BpResponse.DailyEffects(history, person, day, 1)[0];
        var measured = MeasureClinic(ClinicMean(person, effect), noise, random, readings);
        return new BpReading(time, measured.Systolic, measured.Diastolic, null, ReadingSetting.Clinic, Source);
    }

    private static void CheckDays(int days)
    {
        if (days < 0) throw new TwinLabException(ErrorCodes.InvalidArgument, $"Cannot simulate {days} days.");
    }

    private static void CheckNoise(NoiseModel noise)
    {
        ArgumentNullException.ThrowIfNull(noise);
        static bool Ok(BpChange sd) => sd.Systolic >= 0 && sd.Diastolic >= 0 && double.IsFinite(sd.Systolic) && double.IsFinite(sd.Diastolic);
        if (!Ok(noise.DayToDay) || !Ok(noise.Measurement) || !double.IsFinite(noise.MorningMinusEvening.Systolic) || !double.IsFinite(noise.MorningMinusEvening.Diastolic))
            throw new TwinLabException(ErrorCodes.InvalidArgument, $"Noise model: SDs must be finite and not negative (day-to-day {noise.DayToDay}, measurement {noise.Measurement}).");
    }
}
