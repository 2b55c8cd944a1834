using TwinLab.Health.Patients;
using TwinLab.Health.Pharmacology;

namespace TwinLab.Health.Tests.Pharmacology;

public sealed class CoreModelTests
{
    [Fact]
    public void Parse_TwoDrugsWithDoses_ReadsBoth()
    {
        var regimen = Regimen.Parse("Amlodipine 5mg + lisinopril 10 mg");
        Assert.Equal("lisinopril 10mg + amlodipine 5mg", regimen.ToString());
        Assert.Equal(2, regimen.PillCount);
        Assert.Equal(Regimen.Parse("zestril 10 + norvasc standard"), regimen);
    }

    [Theory]
    [InlineData("amlodipin 5mg", "unknown drug 'amlodipin'")]
    [InlineData("amlodipine 0mg", "not a positive number")]
    [InlineData("amlodipine 5mg + ", "empty part")]
    [InlineData("5mg", "expected a drug name")]
    public void Parse_BadPart_NamesIt(string text, string problem)
    {
        var error = Assert.Throws<RegimenFormatException>(() => Regimen.Parse(text));
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void Reduction_AtTrialBaseline_EqualsTable()
    {
        foreach (var c in DrugClassNames.All)
        foreach (var level in Enum.GetValues<DoseLevel>())
        {
            var r = Law2003.Reduction(c, level.Multiplier(), 154, 97);
            Assert.Equal(Law2003.TableReduction(c, level).Systolic, r.Systolic, 9);
            Assert.Equal(Law2003.TableReduction(c, level).Diastolic, r.Diastolic, 9);
        }
    }

    [Fact]
    public void Reduction_TenMmHgHigher_AddsLawSlopeAtStandardDose()
    {
        // Law 2003: 1.0 mmHg more systolic reduction per 10 mmHg higher pretreatment (all-class mean 9.1 at standard dose).
        var all = DrugClassNames.All.Select(c => Law2003.Reduction(c, 1, 164, 107)).ToArray();
        var baseline = DrugClassNames.All.Select(c => Law2003.Reduction(c, 1, 154, 97)).ToArray();
        Assert.Equal(1.0 * 9.1 / 9.1, all.Average(r => r.Systolic) - baseline.Average(r => r.Systolic), 1);
        Assert.Equal(1.1, all.Average(r => r.Diastolic) - baseline.Average(r => r.Diastolic), 1);
    }

    [Fact]
    public void DailyEffects_Amlodipine_Reaches90PercentOnDayOfFullEffect_AndWashesOut()
    {
        var person = PatientPhysiology.Average(new BpChange(150, 95));
        var amlodipine = DrugCatalogue.Default.Find("amlodipine")!;
        var start = new DateOnly(2026, 1, 1);
        var history = new[] { new RegimenPeriod(Regimen.Parse("amlodipine 5mg"), start, start.AddDays(60), "test") };
        var daily = BpResponse.DailyEffects(history, person, start, 90);
        var full = BpResponse.DrugEffect(amlodipine, 5, person);
        Assert.InRange(daily[(int)amlodipine.DaysToFullEffect - 1].Systolic / full.Systolic, 0.89, 0.91);
        Assert.InRange(daily[59].Systolic / full.Systolic, 0.99, 1.0);
        Assert.InRange(daily[60 + (int)amlodipine.DaysToWashOut - 1].Systolic / full.Systolic, 0.09, 0.11);
    }

    [Fact]
    public void SteadyState_SameClassDoesNotStack_DifferentClassesAdd()
    {
        var person = PatientPhysiology.Average(new BpChange(150, 95));
        var one = BpResponse.SteadyStateEffect(Regimen.Parse("amlodipine 5mg"), person);
        var twoCcb = BpResponse.SteadyStateEffect(Regimen.Parse("amlodipine 5mg + felodipine 5mg"), person);
        var withAce = BpResponse.SteadyStateEffect(Regimen.Parse("amlodipine 5mg + lisinopril 10mg"), person);
        var ace = BpResponse.SteadyStateEffect(Regimen.Parse("lisinopril 10mg"), person);
        Assert.Equal(one, twoCcb);
        Assert.Equal(one.Systolic + ace.Systolic, withAce.Systolic, 9);
    }
}
