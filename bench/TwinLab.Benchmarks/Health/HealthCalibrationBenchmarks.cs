using BenchmarkDotNet.Attributes;
using TwinLab.Health.Calibration;
using TwinLab.Health.Patients;
using TwinLab.Health.Pharmacology;
using TwinLab.Simulation.Random;

namespace TwinLab.Benchmarks.Health;

/// <summary>
/// Calibrating a hypertension twin from a year of twice-daily home readings with three regimen changes (none →
/// lisinopril 10 mg → + amlodipine 5 mg → lisinopril 20 mg + amlodipine 5 mg → + hydrochlorothiazide 12.5 mg). Target:
/// under 200 ms (issue 5).
/// </summary>
[MemoryDiagnoser]
public class HealthCalibrationBenchmarks
{
    private PatientProfile _patient = null!;

    /// <summary>Builds the person and their 730 readings (noise as <see cref="NoiseModel.Default"/>, seeded).</summary>
    [GlobalSetup]
    public void Setup()
    {
        var start = new DateOnly(2025, 1, 6);
        RegimenPeriod[] history =
        [
            new(Regimen.Parse("lisinopril 10mg"), start.AddDays(60), start.AddDays(150), "bench:1"),
            new(Regimen.Parse("lisinopril 10mg + amlodipine 5mg"), start.AddDays(150), start.AddDays(240), "bench:2"),
            new(Regimen.Parse("lisinopril 20mg + amlodipine 5mg + hydrochlorothiazide 12.5mg"), start.AddDays(240), null, "bench:3"),
        ];
        // An illustrative person: CCB 1.6, ACEi 0.5, the others average; untreated home 158/98.
        var person = new PatientPhysiology(new BpChange(158, 98), [1.0, 1.0, 0.5, 1.0, 1.6]);
        var noise = NoiseModel.Default;
        var effects = BpResponse.DailyEffects(history, person, start, 365);
        var random = RandomStream.FromSeed(2025);
        var readings = new List<BpReading>(730);
        for (var d = 0; d < 365; d++)
        {
            var daySys = noise.DayToDay.Systolic * random.NextGaussian();
            var dayDia = noise.DayToDay.Diastolic * random.NextGaussian();
            var mean = person.UntreatedHome - effects[d];
            foreach (var morning in new[] { true, false })
            {
                var offset = noise.TimeOfDayOffset(morning);
                var time = new DateTimeOffset(start.AddDays(d).ToDateTime(morning ? new TimeOnly(7, 30) : new TimeOnly(21, 0)), TimeSpan.Zero);
                readings.Add(new BpReading(time,
                    Math.Round(mean.Systolic + offset.Systolic + daySys + noise.Measurement.Systolic * random.NextGaussian()),
                    Math.Round(mean.Diastolic + offset.Diastolic + dayDia + noise.Measurement.Diastolic * random.NextGaussian()),
                    70, ReadingSetting.Home, $"bench.csv:{readings.Count + 2}"));
            }
        }
        _patient = new PatientProfile { Id = "bench", Medication = history, Readings = readings };
    }

    /// <summary>One full calibration (aggregation, effects with build-up and wash-out, three pretreatment iterations, own-noise refit, drift check).</summary>
    [Benchmark]
    public double CalibrateYearTwiceDaily() => PatientCalibration.Calibrate(_patient).Classes[(int)DrugClass.CalciumChannelBlocker].Mean;
}
