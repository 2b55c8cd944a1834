using BenchmarkDotNet.Attributes;
using TwinLab.Health.Patients;
using TwinLab.Health.Pharmacology;
using TwinLab.Health.Simulation;
using TwinLab.Health.Trials;
using TwinLab.Simulation.Random;

namespace TwinLab.Benchmarks.Health;

/// <summary>
/// The hypertension twin's simulator: a virtual trial of the 15 class × dose arms of Law 2003 (plus placebo) with 2,000
/// people per arm over 8 weeks, on all cores; and a year of twice-daily home readings for one person whose regimen
/// changes three times.
/// </summary>
[MemoryDiagnoser]
public class HealthTrialBenchmarks
{
    private static readonly DateOnly Start = new(2026, 1, 1);
    private Regimen[] _arms = null!;
    private RegimenPeriod[] _history = null!;
    private PatientPhysiology _person = null!;
    private ulong _seed; // a fresh seed per invocation, so none replays another's noise

    [GlobalSetup]
    public void Setup()
    {
        var arms = new List<Regimen> { Regimen.None };
        foreach (var drug in new[] { "hydrochlorothiazide", "atenolol", "lisinopril", "losartan", "amlodipine" })
            foreach (var level in new[] { "half", "standard", "double" })
                arms.Add(Regimen.Parse($"{drug} {level}"));
        _arms = [.. arms];
        _person = PatientPhysiology.Average(new BpChange(152, 94));
        _history =
        [
            new RegimenPeriod(Regimen.Parse("amlodipine 5mg"), Start.AddDays(30), Start.AddDays(120), "bench"),
            new RegimenPeriod(Regimen.Parse("amlodipine 10mg"), Start.AddDays(120), Start.AddDays(240), "bench"),
            new RegimenPeriod(Regimen.Parse("amlodipine 10mg + lisinopril 10mg"), Start.AddDays(240), null, "bench"),
        ];
    }

    /// <summary>16 arms (placebo + 15) × 2,000 people, 8 weeks.</summary>
    [Benchmark]
    public double Trial15ArmsBy2000People() => VirtualTrial.Run(_arms, 2_000, 8, ++_seed).Arms[^1].SystolicReduction!.Value.Mean;

    /// <summary>365 days × 2 readings for one person, three regimen changes.</summary>
    [Benchmark]
    public int OnePersonYearTwiceDaily() =>
        HomeBpSimulator.Simulate(_person, NoiseModel.Default, _history, Start, 365, RandomStream.FromSeed(++_seed)).Readings.Count;
}
