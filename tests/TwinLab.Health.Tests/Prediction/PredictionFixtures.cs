using TwinLab.Health.Calibration;
using TwinLab.Health.Patients;
using TwinLab.Health.Pharmacology;
using TwinLab.Simulation.Random;

namespace TwinLab.Health.Tests.Prediction;

/// <summary>Realistic people for the prediction and recommendation tests.</summary>
internal static class PredictionFixtures
{
    public static readonly DateOnly FirstReadingDay = new(2026, 3, 2);

    /// <summary>
    /// A 58-year-old with four weeks of twice-daily home readings (07:00 and 21:00, +01:00) around <paramref name="home"/>,
    /// scattered as the default noise model says, on <paramref name="medication"/> (started a year earlier).
    /// </summary>
    public static PatientProfile Patient(string id, BpChange home, string? medication = null, params Condition[] conditions)
    {
        var random = RandomStream.FromSeed(7);
        var noise = NoiseModel.Default;
        var readings = new List<BpReading>();
        for (var d = 0; d < 28; d++)
        {
            var day = FirstReadingDay.AddDays(d);
            var daily = new BpChange(noise.DayToDay.Systolic * random.NextGaussian(), noise.DayToDay.Diastolic * random.NextGaussian());
            foreach (var (hour, morning) in new[] { (7, true), (21, false) })
            {
                var value = home + daily + noise.TimeOfDayOffset(morning)
                    + new BpChange(noise.Measurement.Systolic * random.NextGaussian(), noise.Measurement.Diastolic * random.NextGaussian());
                readings.Add(new BpReading(new DateTimeOffset(day.ToDateTime(new TimeOnly(hour, 0)), TimeSpan.FromHours(1)),
                    Math.Round(value.Systolic), Math.Round(value.Diastolic), 70, ReadingSetting.Home, $"{id}.csv:{readings.Count + 2}"));
            }
        }
        var periods = medication is null
            ? Array.Empty<RegimenPeriod>()
            : [new RegimenPeriod(Regimen.Parse(medication), FirstReadingDay.AddDays(-365), null, $"{id}.yaml:medication")];
        return new PatientProfile
        {
            Id = id,
            Name = id,
            BirthDate = new DateOnly(1968, 5, 17),
            Sex = Sex.Female,
            Conditions = conditions,
            Medication = periods,
            Readings = readings,
        };
    }

    /// <summary>
    /// A posterior with the given untreated home BP and class sensitivities, SD <paramref name="untreatedSd"/> on the
    /// untreated BP and <paramref name="sensitivitySd"/> on each sensitivity (independent).
    /// </summary>
    public static PhysiologyPosterior Posterior(BpChange untreated, double[] sensitivity, double untreatedSd, double sensitivitySd, bool fromPopulationOnly = false)
    {
        var n = PhysiologyPosterior.Dimension;
        var mean = new double[n];
        var cov = new double[n, n];
        mean[0] = untreated.Systolic;
        mean[1] = untreated.Diastolic;
        cov[0, 0] = untreatedSd * untreatedSd;
        cov[1, 1] = untreatedSd * untreatedSd * 0.5;
        for (var c = 0; c < DrugClassNames.All.Count; c++)
        {
            mean[2 + c] = sensitivity[c];
            cov[2 + c, 2 + c] = sensitivitySd * sensitivitySd;
        }
        return new PhysiologyPosterior(mean, cov, fromPopulationOnly, fromPopulationOnly ? "population prior only" : "test posterior");
    }

    public static double[] Sensitivities(double value) => Enumerable.Repeat(value, DrugClassNames.All.Count).ToArray();

    /// <summary>The population prior, but with the untreated BP known about as well as four weeks of readings tell it.</summary>
    public static PhysiologyPosterior Population(BpChange untreated) =>
        PhysiologyPosterior.FromPopulation(untreated, PopulationPrior.Default with { UntreatedSd = new BpChange(2, 1.5) });
}
