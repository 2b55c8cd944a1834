using MathNet.Numerics.Distributions;
using TwinLab.Core.Errors;
using TwinLab.Health.Pharmacology;
using TwinLab.Health.Simulation;
using TwinLab.Simulation.Experiments;
using TwinLab.Simulation.Random;
using TwinLab.Simulation.Results;
using TwinLab.Simulation.Scenarios;

namespace TwinLab.Health.Tests.Simulation;

public sealed class HypertensionSimulatorTests
{
    private static readonly SimulatorCatalog Catalog = SimulatorCatalog.CreateDefault().Add(new HypertensionSimulator());

    private const string CompareScenario = """
        name: triple-therapy
        simulator: hypertension
        horizon: 0
        seed: 21
        replications: 100
        parameters: { untreated_sys: 152, untreated_dia: 96, sens_ccb: 1.2, regimen: none, weeks: 8 }
        experiment:
          type: compare
          alternatives:
            - { name: triple, parameters: { regimen: "amlodipine 10mg + lisinopril 20mg + chlorthalidone 12.5mg" } }

        """;

    private static ExperimentRecord RunScenario(string yaml, int threads)
    {
        var scenario = new ScenarioParser(Catalog).Parse(yaml, "hypertension.yaml");
        return ExperimentRunner.Run(scenario, Catalog.Get(scenario.Simulator), null, new TwinOrigin("main", 0, "exp-test"),
            new RunOptions(scenario.Seed, threads), TimeProvider.System);
    }

    [Fact]
    public void Run_CompareScenarioFile_TripleTherapyReachesTargetUntreatedDoesNot()
    {
        var record = RunScenario(CompareScenario, 2);
        var none = record.Scenarios.Single(s => s.Name != "triple");
        var triple = record.Scenarios.Single(s => s.Name == "triple");
        double Mean(ScenarioRecord s, string kpi) => s.Summaries.Single(k => k.Name == kpi).Mean;

        var person = new PatientPhysiology(new BpChange(152, 96), [1, 1, 1, 1, 1.2]);
        var expected = BpResponse.SteadyStateBp(Regimen.Parse("amlodipine 10mg + lisinopril 20mg + chlorthalidone 12.5mg"), person);

        // A week of twice-daily readings averages 14 readings sharing 7 days' biological deviations: SD about 3.1/2.0 mmHg
        // per replication, about 0.3/0.2 over 100 replications.
        var noise = NoiseModel.Default;
        var weekSd = new BpChange(
            Math.Sqrt(noise.DayToDay.Systolic * noise.DayToDay.Systolic / 7 + noise.Measurement.Systolic * noise.Measurement.Systolic / 14),
            Math.Sqrt(noise.DayToDay.Diastolic * noise.DayToDay.Diastolic / 7 + noise.Measurement.Diastolic * noise.Measurement.Diastolic / 14));
        var pTarget = Normal.CDF(0, 1, (130 - expected.Systolic) / weekSd.Systolic) * Normal.CDF(0, 1, (80 - expected.Diastolic) / weekSd.Diastolic);
        Assert.InRange(Mean(none, "home_sys_last_week"), 152 - 1.5, 152 + 1.5);
        Assert.InRange(Mean(none, "home_dia_last_week"), 96 - 1.0, 96 + 1.0);
        Assert.Equal(0, Mean(none, "reached_target"));
        Assert.Equal(0, none.Summaries.Single(k => k.Name == "days_to_target").Count); // never: NaN in every replication
        Assert.InRange(Mean(triple, "home_sys_last_week"), expected.Systolic - 1.5, expected.Systolic + 1.5);
        Assert.InRange(Mean(triple, "home_dia_last_week"), expected.Diastolic - 1.0, expected.Diastolic + 1.0);
        Assert.InRange(Mean(triple, "reached_target"), pTarget - 0.12, pTarget + 0.12);
        Assert.InRange(Mean(triple, "days_to_target"), 7, 35);
        Assert.Equal(8, triple.Series.Single(s => s.Name == "home_systolic_weekly_mean").Times.Length);
    }

    [Fact]
    public void Run_CompareScenarioFile_SameNumbersAtOneAndTwoThreads()
    {
        var one = RunScenario(CompareScenario, 1);
        var two = RunScenario(CompareScenario, 2);

        for (var s = 0; s < one.Scenarios.Count; s++)
            foreach (var (kpi, values) in one.Scenarios[s].Values)
                Assert.Equal(values, two.Scenarios[s].Values[kpi]);
    }

    [Fact]
    public void Prepare_MisspelledDrug_NamesParameterAndDrug()
    {
        var simulator = new HypertensionSimulator();
        var error = Assert.Throws<TwinLabException>(() => simulator.Prepare(("regimen", ParameterValue.Of("amlodipin 5mg"))));
        Assert.Contains("'regimen'", error.Message);
        Assert.Contains("amlodipin", error.Message);
    }

    [Fact]
    public void Prepare_DiastolicAboveSystolic_Throws()
    {
        var simulator = new HypertensionSimulator();
        var error = Assert.Throws<TwinLabException>(() => simulator.Prepare(("untreated_sys", 100.0), ("untreated_dia", 110.0)));
        Assert.Contains("untreated_dia", error.Message);
    }

    [Fact]
    public void Parse_UnknownParameterInScenario_SuggestsNearest()
    {
        var yaml = CompareScenario.Replace("sens_ccb: 1.2", "sens_cbb: 1.2");
        var error = Assert.ThrowsAny<TwinLabException>(() => new ScenarioParser(Catalog).Parse(yaml, "hypertension.yaml"));
        Assert.Contains("sens_ccb", error.Message);
    }

    [Fact]
    public void Info_HasOneSensitivityPerClassAndTheFourKpis()
    {
        var info = new HypertensionSimulator().Info;

        Assert.Equal("hypertension", info.Name);
        Assert.Equal(["sens_thiazide", "sens_beta_blocker", "sens_ace_inhibitor", "sens_arb", "sens_ccb"],
            info.Parameters.Select(p => p.Name).Where(n => n.StartsWith("sens_", StringComparison.Ordinal)));
        Assert.Equal(["home_sys_last_week", "home_dia_last_week", "reached_target", "days_to_target"], info.Kpis.Select(k => k.Name));
    }

    [Fact]
    public void Run_SameStream_SameKpis_InsensitivePersonDoesNotReachTarget()
    {
        var simulator = new HypertensionSimulator();
        var model = simulator.Prepare(("regimen", ParameterValue.Of("amlodipine 5mg")), ("sens_ccb", 0.1), ("weeks", 6.0));

        var a = model.Run(RandomStream.For(3, 0, 1), CancellationToken.None);
        var b = model.Run(RandomStream.For(3, 0, 1), CancellationToken.None);

        Assert.Equal(a.Kpis, b.Kpis);
        Assert.Equal(0, a.Kpis[2]);
        Assert.True(double.IsNaN(a.Kpis[3]));
    }
}
