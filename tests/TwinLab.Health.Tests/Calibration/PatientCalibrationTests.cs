using System.Text.Json;
using TwinLab.Core.Errors;
using TwinLab.Health.Calibration;
using TwinLab.Health.Patients;
using TwinLab.Health.Pharmacology;

namespace TwinLab.Health.Tests.Calibration;

public sealed class PatientCalibrationTests
{
    private const double Z95 = 1.959963984540054;
    private static readonly PatientPhysiology Truth = SimulatedReadings.Person;

    private static CalibrationResult CalibrateYear(ulong seed, bool morningOnly = false, double missingDay = 0, double drift = 0, NoiseModel? noise = null)
    {
        var history = SimulatedReadings.NoneThenAceThenCcb();
        var readings = SimulatedReadings.Generate(Truth, history, 365, seed, morningOnly, missingDay, drift, noise);
        return PatientCalibration.Calibrate(SimulatedReadings.Profile(history, readings));
    }

    private static ClassSensitivity Of(CalibrationResult r, DrugClass c) => r.Classes.Single(x => x.Class == c);

    private static void AssertInside95(double truth, double mean, double sd, string what) =>
        Assert.True(Math.Abs(truth - mean) <= Z95 * sd, $"{what}: truth {truth} outside {mean:0.000} ± {Z95 * sd:0.000}");

    [Fact]
    public void Calibrate_YearOfTwiceDailyReadings_RecoversTruthWithin95Interval()
    {
        // One typical simulated person (the next test checks the coverage over many). The prior shrinks a CCB
        // sensitivity of 1.6 — 1.5 prior SDs above the mean — slightly towards 1 (by about half a posterior SD),
        // as a Bayesian estimate should; with a flat prior the z-scores average 0 with SD 1 (checked over 200 seeds).
        var r = CalibrateYear(2);

        Assert.False(r.FromPopulationOnly);
        Assert.False(r.Posterior.FromPopulationOnly);
        Assert.Equal(730, r.ReadingsUsed);
        Assert.Equal(365, r.DaysUsed);
        Assert.Equal(2, r.RegimenChanges);
        var ccb = Of(r, DrugClass.CalciumChannelBlocker);
        var ace = Of(r, DrugClass.AceInhibitor);
        AssertInside95(1.6, ccb.Mean, ccb.Sd, "CCB");
        AssertInside95(0.5, ace.Mean, ace.Sd, "ACEi");
        AssertInside95(158, r.Untreated.Mean.Systolic, r.Untreated.Sd.Systolic, "untreated systolic");
        AssertInside95(98, r.Untreated.Mean.Diastolic, r.Untreated.Sd.Diastolic, "untreated diastolic");
        Assert.Equal(SensitivityBasis.Data, ccb.Basis);
        Assert.Equal(SensitivityBasis.Data, ace.Basis);
        Assert.InRange(ace.DaysOfEvidence, 300, 305);
        Assert.InRange(ccb.DaysOfEvidence, 183, 185);
        // A year tells the two responses apart sharply: both well inside the prior SD of 0.4.
        Assert.True(ccb.Sd < 0.2 && ace.Sd < 0.2, $"SDs {ccb.Sd}, {ace.Sd}");
        // The implied standard-dose effect is the sensitivity times the Law 2003 home effect at the estimated BP.
        Assert.True(ccb.StandardDoseEffect.Mean.Systolic > 12 && ccb.StandardDoseEffect.Lower80.Systolic < ccb.StandardDoseEffect.Mean.Systolic);
        Assert.Empty(r.Warnings);
    }

    [Fact]
    public void Calibrate_FortySeeds_80IntervalCoversTruthInRoughly80Percent()
    {
        int ccb = 0, ace = 0, sys = 0;
        const int Seeds = 40;
        for (var seed = 1UL; seed <= Seeds; seed++)
        {
            var r = CalibrateYear(1000 + seed);
            var c = Of(r, DrugClass.CalciumChannelBlocker);
            var a = Of(r, DrugClass.AceInhibitor);
            if (c.Lower80 <= 1.6 && 1.6 <= c.Upper80) ccb++;
            if (a.Lower80 <= 0.5 && 0.5 <= a.Upper80) ace++;
            if (r.Untreated.Lower80.Systolic <= 158 && 158 <= r.Untreated.Upper80.Systolic) sys++;
        }
        // 65–95% of 40: 26 to 38.
        Assert.InRange(ccb, 26, 38);
        Assert.InRange(ace, 26, 38);
        Assert.InRange(sys, 26, 38);
    }

    [Fact]
    public void Calibrate_SixWeeksVersusAYearOnAClass_UncertaintyNarrows()
    {
        RegimenPeriod[] history = [new(Regimen.Parse("amlodipine 5mg"), SimulatedReadings.Start.AddDays(30), null, "test:1")];
        var all = SimulatedReadings.Generate(Truth, history, 30 + 365, 7);
        var sixWeeks = all.Where(x => x.Day < SimulatedReadings.Start.AddDays(30 + 42)).ToArray();

        var shortRun = Of(PatientCalibration.Calibrate(SimulatedReadings.Profile(history, sixWeeks)), DrugClass.CalciumChannelBlocker);
        var longRun = Of(PatientCalibration.Calibrate(SimulatedReadings.Profile(history, all)), DrugClass.CalciumChannelBlocker);

        Assert.True(shortRun.Sd < 0.4, $"six weeks: {shortRun.Sd}");
        Assert.True(longRun.Sd < 0.75 * shortRun.Sd, $"a year {longRun.Sd} vs six weeks {shortRun.Sd}");
        Assert.True(longRun.Upper80 - longRun.Lower80 < shortRun.Upper80 - shortRun.Lower80);
        AssertInside95(1.6, shortRun.Mean, shortRun.Sd, "CCB after six weeks");
        AssertInside95(1.6, longRun.Mean, longRun.Sd, "CCB after a year");
    }

    [Fact]
    public void Calibrate_ClassesNeverTaken_StayAtPriorApartFromCorrelation()
    {
        var r = CalibrateYear(3);
        var prior = PopulationPrior.Default;
        var rho = prior.SensitivityCorrelation;
        var sd = prior.SensitivitySd;
        var ccb = Of(r, DrugClass.CalciumChannelBlocker);
        var ace = Of(r, DrugClass.AceInhibitor);

        // Never-taken classes enter no reading, so each is its prior conditioned on the class it correlates with:
        // mean 1 + ρ(m − 1), variance σ²(1 − ρ²) + ρ²·var(m).
        foreach (var (never, partner) in new[] { (DrugClass.Thiazide, ccb), (DrugClass.Arb, ace), (DrugClass.BetaBlocker, ace) })
        {
            var s = Of(r, never);
            Assert.Equal(1 + rho * (partner.Mean - 1), s.Mean, 6);
            Assert.Equal(Math.Sqrt(sd * sd * (1 - rho * rho) + rho * rho * partner.Sd * partner.Sd), s.Sd, 6);
            Assert.Equal(SensitivityBasis.Prior, s.Basis);
            Assert.Equal(0, s.DaysOfEvidence);
            Assert.Equal(sd, s.PriorSd);
        }
    }

    [Fact]
    public void Calibrate_NoTreatmentHistory_FallsBackToPopulationPriorAndSaysSo()
    {
        var readings = SimulatedReadings.Generate(Truth, [], 60, 6);
        var r = PatientCalibration.Calibrate(SimulatedReadings.Profile([], readings));

        Assert.True(r.FromPopulationOnly);
        Assert.True(r.Posterior.FromPopulationOnly);
        Assert.Contains("population prior only", r.Posterior.Evidence);
        Assert.Contains(r.Warnings, w => w.Code == CalibrationWarningCodes.PopulationPriorOnly);
        foreach (var c in r.Classes)
        {
            Assert.Equal(1.0, c.Mean, 9);
            Assert.Equal(PopulationPrior.Default.SensitivitySd, c.Sd, 9);
            Assert.Equal(SensitivityBasis.Prior, c.Basis);
        }
        // The readings still set the untreated BP.
        AssertInside95(158, r.Untreated.Mean.Systolic, r.Untreated.Sd.Systolic, "untreated systolic");
        Assert.True(r.Untreated.Sd.Systolic < 3);
        Assert.Contains("POPULATION PRIORS", r.ToText());
    }

    [Fact]
    public void Calibrate_HistoryStartsAfterTheReadings_FallsBackToPopulationPrior()
    {
        RegimenPeriod[] history = [new(Regimen.Parse("amlodipine 5mg"), SimulatedReadings.Start.AddDays(100), null, "test:1")];
        var readings = SimulatedReadings.Generate(Truth, history, 60, 5);
        var r = PatientCalibration.Calibrate(SimulatedReadings.Profile(history, readings));

        Assert.True(r.FromPopulationOnly);
        Assert.Contains(r.Warnings, w => w.Code == CalibrationWarningCodes.PopulationPriorOnly && w.Message.Contains("No readings were taken on treatment"));
        Assert.Equal(1.0, Of(r, DrugClass.CalciumChannelBlocker).Mean, 9);
    }

    [Fact]
    public void Calibrate_NoReadings_ReturnsPopulationPriorWithWarnings()
    {
        var r = PatientCalibration.Calibrate(SimulatedReadings.Profile(SimulatedReadings.NoneThenAceThenCcb(), []));

        Assert.True(r.FromPopulationOnly);
        Assert.Equal(0, r.ReadingsUsed);
        Assert.Null(r.FirstDay);
        Assert.Contains(r.Warnings, w => w.Code == CalibrationWarningCodes.NoReadings);
        Assert.Contains(r.Warnings, w => w.Code == CalibrationWarningCodes.PopulationPriorOnly);
        Assert.All(r.Classes, c => Assert.Equal(1.0, c.Mean, 9));
    }

    [Fact]
    public void Calibrate_OnlyTreatedReadings_UsesPopulationEffectForUntreatedPriorAndWarns()
    {
        RegimenPeriod[] history = [new(Regimen.Parse("lisinopril 10mg"), SimulatedReadings.Start.AddDays(-200), null, "test:1")];
        var readings = SimulatedReadings.Generate(Truth, history, 90, 9);
        var r = PatientCalibration.Calibrate(SimulatedReadings.Profile(history, readings));

        Assert.False(r.FromPopulationOnly);
        Assert.Contains(r.Warnings, w => w.Code == CalibrationWarningCodes.NoRegimenChange);
        // Without a change the ACEi response stays close to its prior: the readings cannot separate it from the untreated BP.
        var ace = Of(r, DrugClass.AceInhibitor);
        Assert.True(ace.Sd > 0.3, $"ACEi SD {ace.Sd}");
        Assert.Equal(SensitivityBasis.Prior, ace.Basis);
        AssertInside95(158, r.Untreated.Mean.Systolic, r.Untreated.Sd.Systolic, "untreated systolic");
    }

    [Fact]
    public void Calibrate_MissingDaysAndMorningOnlyReadings_StillRecoversTruth()
    {
        var r = CalibrateYear(21, morningOnly: true, missingDay: 0.4);

        Assert.InRange(r.DaysUsed, 180, 250);
        Assert.Equal(r.DaysUsed, r.ReadingsUsed);
        Assert.Null(r.Noise.MorningMinusEvening);
        var ccb = Of(r, DrugClass.CalciumChannelBlocker);
        var ace = Of(r, DrugClass.AceInhibitor);
        AssertInside95(1.6, ccb.Mean, ccb.Sd, "CCB");
        AssertInside95(0.5, ace.Mean, ace.Sd, "ACEi");
        AssertInside95(158, r.Untreated.Mean.Systolic, r.Untreated.Sd.Systolic, "untreated systolic");
        Assert.Equal(SensitivityBasis.Data, ccb.Basis);
    }

    [Fact]
    public void Calibrate_SameInput_SameResultAlsoInParallel()
    {
        var history = SimulatedReadings.NoneThenAceThenCcb();
        var profile = SimulatedReadings.Profile(history, SimulatedReadings.Generate(Truth, history, 365, 42));
        var serial = PatientCalibration.Calibrate(profile);
        var parallel = new CalibrationResult[4];
        Parallel.For(0, parallel.Length, i => parallel[i] = PatientCalibration.Calibrate(profile));

        Assert.Equal(SimulatedReadings.Generate(Truth, history, 365, 42), profile.Readings);
        foreach (var p in parallel)
        {
            Assert.Equal(serial.Posterior.Mean, p.Posterior.Mean);
            Assert.Equal(serial.Posterior.Covariance, p.Posterior.Covariance);
            Assert.Equal(serial.ToText(), p.ToText());
        }
    }

    [Fact]
    public void Calibrate_ClinicReadings_LeftOutByDefaultAndUsedWhenAsked()
    {
        var history = SimulatedReadings.NoneThenAceThenCcb();
        var home = SimulatedReadings.Generate(Truth, history, 365, 8);
        var clinic = Enumerable.Range(0, 4).Select(i => new BpReading(
            new DateTimeOffset(SimulatedReadings.Start.AddDays(30 + 90 * i).ToDateTime(new TimeOnly(10, 0)), TimeSpan.FromHours(1)),
            165 - 5 * i, 100 - 2 * i, 72, ReadingSetting.Clinic, $"clinic.json#Observation/{i}")).ToArray();
        var profile = SimulatedReadings.Profile(history, home.Concat(clinic).OrderBy(x => x.Time).ToArray());

        var byDefault = PatientCalibration.Calibrate(profile);
        var included = PatientCalibration.Calibrate(profile, new CalibrationOptions { IncludeClinicReadings = true });

        Assert.Equal(4, byDefault.ClinicReadingsExcluded);
        Assert.Equal(730, byDefault.ReadingsUsed);
        Assert.Contains(byDefault.Warnings, w => w.Code == CalibrationWarningCodes.ClinicReadingsExcluded && w.Message.Contains('4'));
        Assert.Equal(0, included.ClinicReadingsExcluded);
        Assert.Equal(734, included.ReadingsUsed);
        Assert.DoesNotContain(included.Warnings, w => w.Code == CalibrationWarningCodes.ClinicReadingsExcluded);
        // Four noisy clinic readings barely move a year of home readings.
        Assert.NotEqual(byDefault.Posterior.Mean, included.Posterior.Mean);
        Assert.Equal(byDefault.Untreated.Mean.Systolic, included.Untreated.Mean.Systolic, 0);
    }

    [Fact]
    public void Calibrate_ClinicReadingsOnly_UsesThemInsteadOfThePopulationBp()
    {
        // A health record with clinic readings only, well above the population's 154/97: untreated, about 176/106 clinic.
        var clinic = Enumerable.Range(0, 6).Select(i => new BpReading(
            new DateTimeOffset(SimulatedReadings.Start.AddDays(30 * i).ToDateTime(new TimeOnly(10, 0)), TimeSpan.Zero),
            174 + (i % 3) * 2, 105 + (i % 2) * 2, 80, ReadingSetting.Clinic, $"record.json#Observation/{i}")).ToArray();
        var profile = new PatientProfile { Id = "clinic-only", Readings = clinic };

        var result = PatientCalibration.Calibrate(profile);

        Assert.Equal(6, result.ReadingsUsed);
        Assert.Equal(0, result.ClinicReadingsExcluded);
        Assert.Contains(result.Warnings, w => w.Code == CalibrationWarningCodes.ClinicReadingsOnly && w.Message.Contains("6 clinic readings", StringComparison.Ordinal));
        // Home equivalent of ~176/106 clinic (ACC/AHA Table 11: clinic 160/100 ↔ home 145/90) is well above the population's ~142/89.
        var expected = HomeBp.ToHome(new BpChange(176, 106));
        Assert.InRange(result.Untreated.Mean.Systolic, expected.Systolic - 6, expected.Systolic + 6);
        Assert.True(result.Untreated.Mean.Systolic > 150, $"untreated {result.Untreated.Mean.Systolic}");
    }

    [Fact]
    public void Calibrate_SlowDrift_WarnsAndWidensIntervals()
    {
        var steady = CalibrateYear(13);
        var drifting = CalibrateYear(13, drift: 8);

        Assert.DoesNotContain(steady.Warnings, w => w.Code == CalibrationWarningCodes.AutocorrelatedResiduals);
        Assert.Contains(drifting.Warnings, w => w.Code == CalibrationWarningCodes.AutocorrelatedResiduals);
        Assert.True(drifting.Noise.Lag1Autocorrelation > 0.2, $"r = {drifting.Noise.Lag1Autocorrelation}");
        Assert.Null(steady.Noise.DriftSd);
        Assert.NotNull(drifting.Noise.DriftSd);
        Assert.InRange(drifting.Noise.DriftSd!.Value.Systolic, 4, 12);
        Assert.True(Of(drifting, DrugClass.CalciumChannelBlocker).Sd > 1.5 * Of(steady, DrugClass.CalciumChannelBlocker).Sd);
        AssertInside95(1.6, Of(drifting, DrugClass.CalciumChannelBlocker).Mean, Of(drifting, DrugClass.CalciumChannelBlocker).Sd, "CCB under drift");
        Assert.Contains("slow drift", drifting.ToText());
    }

    [Fact]
    public void Calibrate_NoisyDevice_WarnsAndUsesOwnNoise()
    {
        var noisy = NoiseModel.Default with { Measurement = new BpChange(12, 9) };
        var r = CalibrateYear(17, noise: noisy);

        Assert.Contains(r.Warnings, w => w.Code == CalibrationWarningCodes.NoiseMismatch);
        Assert.True(r.Noise.FromOwnReadings);
        Assert.Equal(12, r.Noise.Used.Measurement.Systolic, 0);
        Assert.True(r.Noise.ResidualSd.Systolic > 1.5 * r.Noise.ModelSd.Systolic);
        var ccb = Of(r, DrugClass.CalciumChannelBlocker);
        AssertInside95(1.6, ccb.Mean, ccb.Sd, "CCB");
    }

    [Fact]
    public void Calibrate_TwiceDailyReadings_EstimatesNoiseCloseToTheSimulatedOne()
    {
        var r = CalibrateYear(19);

        Assert.True(r.Noise.FromOwnReadings);
        Assert.Equal(NoiseModel.Default.DayToDay.Systolic, r.Noise.Used.DayToDay.Systolic, 0);
        Assert.InRange(r.Noise.Used.Measurement.Systolic, 3.4, 4.6);
        Assert.NotNull(r.Noise.MorningMinusEvening);
        Assert.InRange(r.Noise.MorningMinusEvening!.Value.Systolic, 7.5, 10.5);
        Assert.InRange(r.Noise.ResidualSd.Systolic / r.Noise.ModelSd.Systolic, 0.85, 1.15);
    }

    [Theory]
    [InlineData(0, "PretreatmentIterations")]
    [InlineData(-1, "AutocorrelationThreshold")]
    public void Calibrate_InvalidOptions_ThrowsInvalidArgumentNamingTheField(int which, string field)
    {
        var options = which == 0 ? new CalibrationOptions { PretreatmentIterations = 0 } : new CalibrationOptions { AutocorrelationThreshold = 1.5 };
        var error = Assert.Throws<TwinLabException>(() => PatientCalibration.Calibrate(SimulatedReadings.Profile([], []), options));
        Assert.Equal(ErrorCodes.InvalidArgument, error.Code);
        Assert.Contains(field, error.Message);
    }

    [Fact]
    public void ToText_CalibratedPerson_ShowsEveryClassTheDisclaimerAndTheEvidence()
    {
        var text = CalibrateYear(11).ToText();

        Assert.Contains(CalibrationResult.Disclaimer, text);
        Assert.Contains("730 readings on 365 days", text);
        foreach (var c in DrugClassNames.All) Assert.Contains(c.Name(), text);
        Assert.Contains("prior (never taken)", text);
        Assert.Contains("days on it", text);
    }

    [Fact]
    public void Serialize_Result_GivesPlainJsonWithoutThePosteriorMatrix()
    {
        var r = CalibrateYear(12);
        var json = JsonSerializer.Serialize(r, new JsonSerializerOptions(JsonSerializerDefaults.Web));
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;

        Assert.False(root.TryGetProperty("posterior", out _));
        Assert.Equal("sim-1", root.GetProperty("patientId").GetString());
        Assert.Equal(5, root.GetProperty("classes").GetArrayLength());
        Assert.Equal("Thiazide", root.GetProperty("classes")[0].GetProperty("class").GetString());
        Assert.Equal("Data", root.GetProperty("classes")[4].GetProperty("basis").GetString());
        Assert.True(root.GetProperty("untreated").GetProperty("mean").GetProperty("systolic").GetDouble() > 140);
        Assert.Contains("not medical advice", root.GetProperty("notice").GetString());
    }
}
