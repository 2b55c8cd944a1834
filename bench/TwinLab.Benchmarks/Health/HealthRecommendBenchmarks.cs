using BenchmarkDotNet.Attributes;
using TwinLab.Health.Calibration;
using TwinLab.Health.Patients;
using TwinLab.Health.Pharmacology;
using TwinLab.Health.Prediction;
using TwinLab.Health.Recommendation;

namespace TwinLab.Benchmarks.Health;

/// <summary>
/// Ranking every regimen of one to three drugs (9,714 with the default catalogue: every drug of each class at half,
/// standard and double dose) for one person with 1,000 posterior samples each, safety rules and side effects included;
/// the target is under 2 s on the 2-core build machine. <c>Predict</c> times one full prediction (3 weeks and
/// an 84-day trajectory) for comparison.
/// </summary>
public class HealthRecommendBenchmarks
{
    private PatientProfile _patient = null!;
    private PhysiologyPosterior _posterior = null!;

    /// <summary>A 58-year-old on amlodipine 5mg, home BP about 146/91, with a population-prior twin.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var start = new DateOnly(2026, 3, 2);
        var readings = new List<BpReading>();
        for (var d = 0; d < 28; d++)
        {
            var day = start.AddDays(d);
            readings.Add(new BpReading(new DateTimeOffset(day.ToDateTime(new TimeOnly(7, 0)), TimeSpan.FromHours(1)), 150 + d % 5, 94 + d % 3, 70, ReadingSetting.Home, $"bench.csv:{2 * d + 2}"));
            readings.Add(new BpReading(new DateTimeOffset(day.ToDateTime(new TimeOnly(21, 0)), TimeSpan.FromHours(1)), 141 + d % 4, 86 + d % 3, 68, ReadingSetting.Home, $"bench.csv:{2 * d + 3}"));
        }
        _patient = new PatientProfile
        {
            Id = "bench",
            BirthDate = new DateOnly(1968, 5, 17),
            Sex = Sex.Female,
            Medication = [new RegimenPeriod(Regimen.Parse("amlodipine 5mg"), start.AddDays(-365), null, "bench")],
            Readings = readings,
        };
        _posterior = PhysiologyPosterior.FromPopulation(new BpChange(154, 96), PopulationPrior.Default with { UntreatedSd = new BpChange(3, 2) });
    }

    /// <summary>Rank every allowed regimen with 1,000 posterior samples each (parallel over regimens, deterministic).</summary>
    [Benchmark]
    public int RankAllRegimens() => RegimenRecommender.Recommend(_patient, _posterior).Ranking.Count;

    /// <summary>The same, on one thread.</summary>
    [Benchmark]
    public int RankAllRegimensOneThread() => RegimenRecommender.Recommend(_patient, _posterior, RecommendOptions.Default with { Parallel = false }).Ranking.Count;

    /// <summary>One full prediction with 1,000 samples.</summary>
    [Benchmark]
    public double Predict() => BpPredictor.Predict(_patient, _posterior, Regimen.Parse("amlodipine 10mg + lisinopril 10mg")).Horizons[^1].ProbabilityAtTarget;
}
