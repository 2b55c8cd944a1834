using TwinLab.Health.Patients;
using TwinLab.Health.Pharmacology;
using TwinLab.Health.Prediction;
using TwinLab.Simulation.Random;
using static TwinLab.Health.Tests.Prediction.PredictionFixtures;

namespace TwinLab.Health.Tests.Prediction;

public sealed class BpPredictorTests
{
    private static readonly NoiseModel Silent = new(BpChange.Zero, BpChange.Zero, BpChange.Zero);

    [Theory]
    [InlineData("amlodipine 5mg")]
    [InlineData("losartan 100mg + hydrochlorothiazide 12.5mg")]
    [InlineData("lisinopril 20mg + amlodipine 10mg + chlorthalidone 12.5mg")]
    public void Predict_CertainPosterior_MatchesSteadyStateBpAtTwelveWeeks(string text)
    {
        var patient = Patient("certain", new BpChange(156, 96));
        var sensitivity = new[] { 1.3, 0.7, 1.1, 0.9, 1.6 };
        var posterior = Posterior(new BpChange(156, 96), sensitivity, 1e-4, 1e-6);
        var regimen = Regimen.Parse(text);
        var expected = BpResponse.SteadyStateBp(regimen, new PatientPhysiology(new BpChange(156, 96), sensitivity));

        var silent = BpPredictor.Predict(patient, posterior, regimen, new PredictionOptions { Noise = Silent, Samples = 50 }).At(12)!;
        Assert.Equal(expected.Systolic, silent.Systolic.Median, 0.1);
        Assert.Equal(expected.Diastolic, silent.Diastolic.Median, 0.1);
        Assert.True(silent.Systolic.Width < 0.01);

        // With reading noise the median stays put and the interval is that of a 14-reading average (about ±1.28 × 3.1 mmHg).
        var noisy = BpPredictor.Predict(patient, posterior, regimen).At(12)!;
        Assert.Equal(expected.Systolic, noisy.Systolic.Median, 0.5);
        Assert.Equal(expected.Diastolic, noisy.Diastolic.Median, 0.5);
        var sd = Math.Sqrt(Math.Pow(NoiseModel.Default.DayToDay.Systolic, 2) / 7 + Math.Pow(NoiseModel.Default.Measurement.Systolic, 2) / 14);
        Assert.InRange(noisy.Systolic.Width, 2 * 1.2816 * sd * 0.9, 2 * 1.2816 * sd * 1.1);
    }

    [Fact]
    public void Predict_WiderPosterior_WidensIntervals()
    {
        var patient = Patient("width", new BpChange(150, 94));
        var regimen = Regimen.Parse("amlodipine 5mg + lisinopril 10mg");
        var narrow = BpPredictor.Predict(patient, Posterior(new BpChange(150, 94), Sensitivities(1), 1, 0.05), regimen);
        var middle = BpPredictor.Predict(patient, Posterior(new BpChange(150, 94), Sensitivities(1), 2, 0.2), regimen);
        var wide = BpPredictor.Predict(patient, Population(new BpChange(150, 94)), regimen);
        foreach (var weeks in new[] { 4, 8, 12 })
        {
            Assert.True(narrow.At(weeks)!.Systolic.Width < middle.At(weeks)!.Systolic.Width);
            Assert.True(middle.At(weeks)!.Systolic.Width < wide.At(weeks)!.Systolic.Width);
            Assert.True(narrow.At(weeks)!.Diastolic.Width < wide.At(weeks)!.Diastolic.Width);
        }
        Assert.True(narrow.Trajectory[^1].Systolic.Width < wide.Trajectory[^1].Systolic.Width);
        Assert.True(wide.FromPopulationOnly);
    }

    [Theory]
    [InlineData("amlodipine")]
    [InlineData("losartan")]
    [InlineData("hydrochlorothiazide")]
    public void Predict_HigherDose_NeverLowersProbabilityAtTarget(string drug)
    {
        var patient = Patient("dose", new BpChange(142, 88));
        var posterior = Population(new BpChange(142, 88));
        var p = Enum.GetValues<DoseLevel>()
            .Select(level => BpPredictor.Predict(patient, posterior, Regimen.Parse($"{drug} {level.ToString().ToLowerInvariant()}")).At(12)!.ProbabilityAtTarget)
            .ToArray();
        Assert.True(p[0] <= p[1] && p[1] <= p[2], string.Join(", ", p));
        Assert.True(p[2] > p[0]);
    }

    [Fact]
    public void ClassCourses_SwitchingRegimen_MatchBpResponseWithinTolerance()
    {
        // On atenolol + hydrochlorothiazide for a year, switching to amlodipine + a double dose of hydrochlorothiazide:
        // atenolol washes out, amlodipine builds up, the thiazide keeps going at its new dose.
        var patient = Patient("switch", new BpChange(140, 88), "atenolol 50mg + hydrochlorothiazide 12.5mg");
        var posterior = Population(new BpChange(162, 99));
        var regimen = Regimen.Parse("amlodipine 5mg + hydrochlorothiazide 25mg");
        var engine = new PredictionEngine(patient, posterior, new PredictionOptions { Samples = 20 });
        var people = posterior.Sample(RandomStream.FromSeed(3), 12)
            .Append(new PatientPhysiology(new BpChange(118, 70), [0.3, 2.0, 1, 1, 0.05])) // below Law's pretreatment floor
            .ToArray();
        foreach (var person in people)
        {
            var fast = engine.MeanEffects(regimen, person);
            var exact = BpResponse.DailyEffects(engine.HistoryWith(regimen), person, engine.Start, engine.Days);
            for (var t = 0; t < exact.Length; t++)
            {
                Assert.Equal(exact[t].Systolic, fast[t].Systolic, 0.3);
                Assert.Equal(exact[t].Diastolic, fast[t].Diastolic, 0.3);
            }
        }
    }

    [Fact]
    public void Predict_Switch_TrajectoryStartsAtCurrentEffectAndSettles()
    {
        var patient = Patient("trajectory", new BpChange(140, 88), "atenolol 50mg");
        var posterior = Posterior(new BpChange(155, 96), Sensitivities(1), 1e-3, 1e-4);
        var prediction = BpPredictor.Predict(patient, posterior, Regimen.Parse("amlodipine 10mg + lisinopril 10mg"));
        var person = posterior.MeanPhysiology;
        var onAtenolol = BpResponse.SteadyStateBp(Regimen.Parse("atenolol 50mg"), person);
        Assert.Equal(84, prediction.Trajectory.Count);
        Assert.Equal(prediction.StartDay, patient.Readings[^1].Day.AddDays(1));
        Assert.InRange(prediction.Trajectory[0].Systolic.Median, onAtenolol.Systolic - 1.5, onAtenolol.Systolic + 0.5);
        var final = BpResponse.SteadyStateBp(Regimen.Parse("amlodipine 10mg + lisinopril 10mg"), person);
        Assert.Equal(final.Systolic, prediction.Trajectory[^1].Systolic.Median, 0.1);
        Assert.Equal(new[] { 4, 8, 12 }, prediction.Horizons.Select(h => h.Weeks));
        Assert.Equal(prediction.StartDay.AddDays(21), prediction.At(4)!.FirstDay);
    }

    [Fact]
    public void Predict_SameSeed_SameAnswer_OtherSeed_Differs()
    {
        var patient = Patient("seed", new BpChange(148, 92));
        var posterior = Population(new BpChange(148, 92));
        var regimen = Regimen.Parse("candesartan 8mg + indapamide 2.5mg");
        var a = BpPredictor.Predict(patient, posterior, regimen, new PredictionOptions { Seed = 11 });
        var b = BpPredictor.Predict(patient, posterior, regimen, new PredictionOptions { Seed = 11 });
        var c = BpPredictor.Predict(patient, posterior, regimen, new PredictionOptions { Seed = 12 });
        Assert.Equal(a.Horizons, b.Horizons);
        Assert.Equal(a.Trajectory, b.Trajectory);
        Assert.NotEqual(a.Horizons, c.Horizons);
    }

    [Fact]
    public void Predict_Output_CarriesDisclaimerAndCoverage()
    {
        var patient = Patient("words", new BpChange(148, 92));
        var prediction = BpPredictor.Predict(patient, Population(new BpChange(148, 92)), Regimen.Parse("ramipril 5mg"));
        Assert.Equal("Decision support for clinicians, not medical advice.", prediction.Disclaimer);
        Assert.Equal(HealthDisclaimer.Text, prediction.Disclaimer);
        Assert.Contains("14 home readings", prediction.IntervalCoverage);
        Assert.Equal(BpTarget.AccAha2017, prediction.Target);
    }

    [Fact]
    public void Predict_NoReadingsNoStartDay_ThrowsNamingPatient()
    {
        var patient = new PatientProfile { Id = "empty" };
        var error = Assert.Throws<TwinLab.Core.Errors.TwinLabException>(() =>
            BpPredictor.Predict(patient, Population(new BpChange(150, 90)), Regimen.Parse("amlodipine 5mg")));
        Assert.Contains("'empty'", error.Message);
    }
}
