using TwinLab.Core.Errors;
using TwinLab.Health.Patients;
using TwinLab.Health.Pharmacology;
using TwinLab.Health.Simulation;
using TwinLab.Simulation.Random;

namespace TwinLab.Health.Tests.Simulation;

public sealed class HomeBpSimulatorTests
{
    private static readonly DateOnly Start = new(2026, 3, 2);
    private static readonly PatientPhysiology Person = PatientPhysiology.Average(new BpChange(148, 92));

    private static RegimenPeriod[] Taking(string regimen, DateOnly? from = null) =>
        [new RegimenPeriod(Regimen.Parse(regimen), from ?? Start, null, "test")];

    private static (double Mean, double Sd) MeanSd(IEnumerable<double> values)
    {
        var v = values.ToArray();
        var mean = v.Average();
        return (mean, Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1)));
    }

    [Fact]
    public void Simulate_DefaultNoise_MorningReadingsScatterLikeOhasama()
    {
        // Ohasama (Kikuya M et al., Hypertension 2007): day-to-day SD of single morning home readings about 8.6/5.8 mmHg.
        var result = HomeBpSimulator.Simulate(Person, NoiseModel.Default, [], Start, 5000, RandomStream.FromSeed(11));
        var mornings = result.Readings.Where(r => r.IsMorning).ToArray();

        var sys = MeanSd(mornings.Select(r => r.Systolic));
        var dia = MeanSd(mornings.Select(r => r.Diastolic));

        Assert.Equal(5000, mornings.Length);
        Assert.InRange(sys.Sd, 8.6 - 0.3, 8.6 + 0.3);
        Assert.InRange(dia.Sd, 5.8 - 0.25, 5.8 + 0.25);
        Assert.InRange(sys.Mean, 148 + 4.5 - 0.4, 148 + 4.5 + 0.4); // morning is half the 9 mmHg morning–evening gap above the mean
    }

    [Fact]
    public void Simulate_DefaultNoise_MorningAboutNineAboveEvening()
    {
        // Kawabe H et al.: morning 139/88 vs evening 130/79 in treated patients.
        var result = HomeBpSimulator.Simulate(Person, NoiseModel.Default, Taking("amlodipine 5mg"), Start, 4000, RandomStream.FromSeed(12));
        var byDay = result.Readings.GroupBy(r => r.Day).Select(g => (Morning: g.Single(r => r.IsMorning), Evening: g.Single(r => !r.IsMorning))).ToArray();

        var sys = MeanSd(byDay.Select(d => d.Morning.Systolic - d.Evening.Systolic));
        var dia = MeanSd(byDay.Select(d => d.Morning.Diastolic - d.Evening.Diastolic));

        Assert.InRange(sys.Mean, 9 - 0.3, 9 + 0.3);
        Assert.InRange(dia.Mean, 9 - 0.3, 9 + 0.3);
        // The day's biological deviation is shared, so the two readings differ only by measurement noise: √2 × 4 and √2 × 3.
        Assert.InRange(sys.Sd, Math.Sqrt(2) * 4 - 0.3, Math.Sqrt(2) * 4 + 0.3);
        Assert.InRange(dia.Sd, Math.Sqrt(2) * 3 - 0.3, Math.Sqrt(2) * 3 + 0.3);
    }

    [Fact]
    public void Simulate_DefaultSchedule_TwiceDailyHomeReadingsAt0700And2100()
    {
        var schedule = ReadingSchedule.Default with { UtcOffset = TimeSpan.FromHours(-5) };
        var result = HomeBpSimulator.Simulate(Person, NoiseModel.Default, [], Start, 3, RandomStream.FromSeed(1), schedule);

        Assert.Equal(6, result.Readings.Count);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 7, 0, 0, TimeSpan.FromHours(-5)), result.Readings[0].Time);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 21, 0, 0, TimeSpan.FromHours(-5)), result.Readings[1].Time);
        Assert.All(result.Readings, r =>
        {
            Assert.Equal(ReadingSetting.Home, r.Setting);
            Assert.Equal("simulated", r.Source);
            Assert.Equal(Math.Round(r.Systolic), r.Systolic);
        });
        Assert.Equal([true, false, true, false, true, false], result.Readings.Select(r => r.IsMorning));
    }

    [Fact]
    public void Simulate_MorningOnly_OneReadingEachDay()
    {
        var result = HomeBpSimulator.Simulate(Person, NoiseModel.Default, [], Start, 30, RandomStream.FromSeed(2), ReadingSchedule.MorningOnly);

        Assert.Equal(30, result.Readings.Count);
        Assert.All(result.Readings, r => Assert.True(r.IsMorning));
        Assert.Equal(30, result.Readings.Select(r => r.Day).Distinct().Count());
    }

    [Fact]
    public void Simulate_ThirtyPercentMissed_LeavesOutAboutThatShareAndKeepsTheOthersUnchanged()
    {
        var all = HomeBpSimulator.Simulate(Person, NoiseModel.Default, [], Start, 2000, RandomStream.FromSeed(3));
        var some = HomeBpSimulator.Simulate(Person, NoiseModel.Default, [], Start, 2000, RandomStream.FromSeed(3), ReadingSchedule.Default.WithMissed(0.3));

        Assert.InRange(1 - some.Readings.Count / 4000.0, 0.27, 0.33);
        // Common random numbers: a reading that was taken is the same reading as with nothing missed.
        var byTime = all.Readings.ToDictionary(r => r.Time);
        Assert.All(some.Readings, r => Assert.Equal(byTime[r.Time], r));
    }

    [Fact]
    public void Simulate_SameSeed_SameReadings_OtherSeed_Different()
    {
        var history = Taking("lisinopril 10mg + hydrochlorothiazide 12.5mg", Start.AddDays(20));
        var a = HomeBpSimulator.Simulate(Person, NoiseModel.Default, history, Start, 90, RandomStream.FromSeed(42));
        var b = HomeBpSimulator.Simulate(Person, NoiseModel.Default, history, Start, 90, RandomStream.FromSeed(42));
        var c = HomeBpSimulator.Simulate(Person, NoiseModel.Default, history, Start, 90, RandomStream.FromSeed(43));

        Assert.Equal(a.Readings, b.Readings);
        Assert.Equal(a.DailyMeans, b.DailyMeans);
        Assert.NotEqual(a.Readings.Select(r => r.Systolic), c.Readings.Select(r => r.Systolic));
    }

    [Fact]
    public void Simulate_DailyMeans_AreUntreatedMinusBpResponseEffects()
    {
        var history = Taking("losartan 50mg", Start.AddDays(10));
        var result = HomeBpSimulator.Simulate(Person, NoiseModel.Default, history, Start, 60, RandomStream.FromSeed(5));
        var effects = BpResponse.DailyEffects(history, Person, Start, 60);

        for (var d = 0; d < 60; d++) Assert.Equal(Person.UntreatedHome - effects[d], result.DailyMeans[d]);
        Assert.Equal(Person.UntreatedHome, result.DailyMeans[9]);
        Assert.True(result.DailyMeans[59].Systolic < Person.UntreatedHome.Systolic - 5);
    }

    [Fact]
    public void Simulate_WithoutNoise_ReadingsAreTheMeanPlusTimeOfDayOffset()
    {
        var quiet = new NoiseModel(BpChange.Zero, BpChange.Zero, new BpChange(10, 6));
        var result = HomeBpSimulator.Simulate(PatientPhysiology.Average(new BpChange(140, 90)), quiet, [], Start, 2, RandomStream.FromSeed(1));

        Assert.Equal([145.0, 135, 145, 135], result.Readings.Select(r => r.Systolic));
        Assert.Equal([93.0, 87, 93, 87], result.Readings.Select(r => r.Diastolic));
    }

    [Fact]
    public void Simulate_AmlodipineAfterOneWeek_MostButNotAllOfItsEffect()
    {
        // Amlodipine label: plasma steady state after 7–8 days, full BP effect in 1–2 weeks.
        var result = HomeBpSimulator.Simulate(Person, NoiseModel.Default, Taking("amlodipine 5mg"), Start, 42, RandomStream.FromSeed(7));
        var full = BpResponse.SteadyStateEffect(Regimen.Parse("amlodipine 5mg"), Person).Systolic;
        var afterWeek = Person.UntreatedHome.Systolic - result.DailyMeans[6].Systolic;
        var afterSixWeeks = Person.UntreatedHome.Systolic - result.DailyMeans[41].Systolic;

        Assert.InRange(afterWeek / full, 0.5, 0.9);
        Assert.InRange(afterSixWeeks / full, 0.99, 1.0);
    }

    [Fact]
    public void ClinicVisit_UnderTreatment_AveragesAroundClinicEquivalentLessClinicEffect()
    {
        var history = Taking("amlodipine 10mg");
        var day = Start.AddDays(30);
        var random = RandomStream.FromSeed(9);
        var visits = Enumerable.Range(0, 4000)
            .Select(_ => HomeBpSimulator.ClinicVisit(Person, NoiseModel.Default, history, new DateTimeOffset(day.ToDateTime(new TimeOnly(10, 0))), random))
            .ToArray();
        var homeEffect = BpResponse.DailyEffects(history, Person, day, 1)[0];
        var expected = HomeBp.ToClinic(Person.UntreatedHome) - homeEffect * (1 / HomeBp.HomeToClinicEffectRatio);

        Assert.All(visits, v => Assert.Equal(ReadingSetting.Clinic, v.Setting));
        Assert.InRange(visits.Average(v => v.Systolic), expected.Systolic - 0.5, expected.Systolic + 0.5);
        Assert.InRange(visits.Average(v => v.Diastolic), expected.Diastolic - 0.4, expected.Diastolic + 0.4);
        // The clinic effect is the home effect ÷ 0.8 (Ishikawa 2008): larger than at home.
        Assert.True(HomeBp.ToClinic(Person.UntreatedHome).Systolic - expected.Systolic > homeEffect.Systolic);
    }

    [Fact]
    public void Simulate_NegativeDays_Throws()
    {
        var error = Assert.Throws<TwinLabException>(() => HomeBpSimulator.Simulate(Person, NoiseModel.Default, [], Start, -1, RandomStream.FromSeed(1)));
        Assert.Contains("-1 days", error.Message);
    }

    [Fact]
    public void Simulate_MissedFractionOfOne_ThrowsNamingIt()
    {
        var error = Assert.Throws<TwinLabException>(() =>
            HomeBpSimulator.Simulate(Person, NoiseModel.Default, [], Start, 5, RandomStream.FromSeed(1), ReadingSchedule.Default.WithMissed(1)));
        Assert.Contains("missed fraction", error.Message);
    }

    [Fact]
    public void MeasureClinic_NoReadings_Throws()
    {
        Assert.Throws<TwinLabException>(() => HomeBpSimulator.MeasureClinic(new BpChange(150, 95), NoiseModel.Default, RandomStream.FromSeed(1), 0));
    }
}
