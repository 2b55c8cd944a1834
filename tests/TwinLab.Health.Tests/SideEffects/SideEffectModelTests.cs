using TwinLab.Health.Patients;
using TwinLab.Health.Pharmacology;
using TwinLab.Health.SideEffects;
using TwinLab.Health.Tests.Safety;

namespace TwinLab.Health.Tests.SideEffects;

public sealed class SideEffectModelTests
{
    private static SideEffectEstimate Estimate(string regimen, PatientProfile? patient = null) =>
        SideEffectModel.Estimate(Regimen.Parse(regimen), patient ?? TestPatients.Healthy());

    private static double Effect(SideEffectEstimate estimate, string name) =>
        Assert.Single(estimate.Effects, e => e.Name == name).Probability;

    private static string At(string drug, double relativeDose)
    {
        var d = DrugCatalogue.Default.Find(drug)!;
        return $"{drug} {(d.StandardDoseMg * relativeDose).ToString(System.Globalization.CultureInfo.InvariantCulture)}mg";
    }

    [Theory]
    [InlineData("hydrochlorothiazide", 2.0, 9.9, 17.8)]
    [InlineData("atenolol", 5.5, 7.5, 9.4)]
    [InlineData("lisinopril", 3.9, 3.9, 3.9)]
    [InlineData("losartan", 0.0, 0.0, 1.9)]
    [InlineData("amlodipine", 1.6, 8.3, 14.9)]
    public void Estimate_SingleDrugAtLawDoses_EqualsLawTable5(string drug, double half, double standard, double twice)
    {
        Assert.Equal(half / 100, Estimate(At(drug, 0.5)).AnySymptomatic, 9);
        Assert.Equal(standard / 100, Estimate(At(drug, 1)).AnySymptomatic, 9);
        Assert.Equal(twice / 100, Estimate(At(drug, 2)).AnySymptomatic, 9);
    }

    [Fact]
    public void Excess_ArbAtHalfDose_FlooredAtZero()
    {
        Assert.Equal(-1.8, Law2003Symptoms.TablePercent(DrugClass.Arb, DoseLevel.Half));
        Assert.Equal(0, Law2003Symptoms.Excess(DrugClass.Arb, 0.5));
        Assert.Equal(0, Law2003Symptoms.Excess(DrugClass.Arb, 0.25));
    }

    [Fact]
    public void Excess_EveryClass_NonDecreasingInDoseAndBetweenTablePoints()
    {
        var doses = Enumerable.Range(0, 40).Select(i => 0.1 * Math.Pow(1.1, i)).ToArray();
        foreach (var c in DrugClassNames.All)
        {
            var values = doses.Select(d => Law2003Symptoms.Excess(c, d)).ToArray();
            for (var i = 1; i < values.Length; i++) Assert.True(values[i] >= values[i - 1] - 1e-12, $"{c} at {doses[i]:0.###}");
            // At 1.41× standard (half-way in log dose) the value is the mean of standard and double.
            var mid = (Law2003Symptoms.TablePercent(c, DoseLevel.Standard) + Law2003Symptoms.TablePercent(c, DoseLevel.Double)) / 200;
            Assert.Equal(Math.Max(0, mid), Law2003Symptoms.Excess(c, Math.Sqrt(2)), 9);
        }
        Assert.True(Law2003Symptoms.Excess(DrugClass.Thiazide, 1.5) > Law2003Symptoms.Excess(DrugClass.Thiazide, 1.2));
    }

    [Fact]
    public void Estimate_TwoDrugs_LessThanAdditiveButMoreThanEither()
    {
        var a = Estimate("amlodipine 10mg").AnySymptomatic;
        var b = Estimate("hydrochlorothiazide 50mg").AnySymptomatic;
        var both = Estimate("amlodipine 10mg + hydrochlorothiazide 50mg").AnySymptomatic;
        Assert.True(both < a + b);
        Assert.True(both > Math.Max(a, b));
        Assert.Equal(1 - (1 - a) * (1 - b), both, 12);
    }

    [Fact]
    public void Estimate_HalfDosePairAgainstDoubleMonotherapy_FewerSymptoms()
    {
        // Law 2003's point: two drugs at half dose cause fewer symptoms than one at twice the dose.
        Assert.True(Estimate("amlodipine 2.5mg + hydrochlorothiazide 12.5mg").AnySymptomatic < Estimate("amlodipine 10mg").AnySymptomatic);
    }

    [Fact]
    public void Estimate_NoTreatment_Nothing()
    {
        var estimate = SideEffectModel.Estimate(Regimen.None, TestPatients.Healthy());
        Assert.Equal(0, estimate.AnySymptomatic);
        Assert.Empty(estimate.Effects);
    }

    [Theory]
    [InlineData("lisinopril", "cough")]
    [InlineData("ramipril", "angioedema")]
    [InlineData("amlodipine", "ankle oedema")]
    [InlineData("nifedipine", "ankle oedema")]
    [InlineData("hydrochlorothiazide", "hypokalaemia")]
    [InlineData("chlorthalidone", "gout")]
    [InlineData("atenolol", "fatigue")]
    [InlineData("metoprolol", "bradycardia")]
    [InlineData("losartan", "hyperkalaemia")]
    [InlineData("enalapril", "hyperkalaemia")]
    public void Estimate_ClassEffect_AppearsWithSource(string drug, string effect)
    {
        var named = Assert.Single(Estimate(At(drug, 1)).Effects, e => e.Name == effect);
        Assert.True(named.Probability is > 0 and < 1);
        Assert.StartsWith(drug, named.Cause);
        Assert.Matches(@"\d{4}", named.Source);
    }

    [Theory]
    [InlineData("amlodipine", "ankle oedema")]
    [InlineData("hydrochlorothiazide", "hypokalaemia")]
    [InlineData("indapamide", "gout")]
    [InlineData("bisoprolol", "fatigue")]
    [InlineData("atenolol", "bradycardia")]
    [InlineData("valsartan", "hyperkalaemia")]
    [InlineData("lisinopril", "hyperkalaemia")]
    public void Estimate_DoseDependentEffect_GrowsWithDose(string drug, string effect)
    {
        var half = Effect(Estimate(At(drug, 0.5)), effect);
        var standard = Effect(Estimate(At(drug, 1)), effect);
        var twice = Effect(Estimate(At(drug, 2)), effect);
        Assert.True(half < standard && standard < twice, $"{effect}: {half:0.####} / {standard:0.####} / {twice:0.####}");
    }

    [Fact]
    public void Estimate_AceInhibitorCough_LawExcessNotDoseRelated()
    {
        Assert.Equal(0.039, Effect(Estimate("lisinopril 5mg"), "cough"), 9);
        Assert.Equal(0.039, Effect(Estimate("lisinopril 20mg"), "cough"), 9);
        Assert.Equal(0.0068, Effect(Estimate("lisinopril 20mg"), "angioedema"), 9);
    }

    [Fact]
    public void Estimate_AmlodipineAtStandardDose_MakaniExcess()
    {
        Assert.Equal(0.075, Effect(Estimate("amlodipine 5mg"), "ankle oedema"), 9);
    }

    [Fact]
    public void Estimate_CcbWithAceInhibitorOrArb_LessOedema()
    {
        var alone = Effect(Estimate("amlodipine 10mg"), "ankle oedema");
        var withAcei = Effect(Estimate("amlodipine 10mg + ramipril 5mg"), "ankle oedema");
        var withArb = Effect(Estimate("amlodipine 10mg + losartan 50mg"), "ankle oedema");
        Assert.Equal(alone * 0.62, withAcei, 12);
        Assert.Equal(alone * 0.62, withArb, 12);
        Assert.Equal(alone, Effect(Estimate("amlodipine 10mg + indapamide 2.5mg"), "ankle oedema"), 12);
    }

    [Fact]
    public void Estimate_ChronicKidneyDisease_RaisesHyperkalaemia()
    {
        var normal = Effect(Estimate("lisinopril 10mg"), "hyperkalaemia");
        var ckd = Effect(Estimate("lisinopril 10mg", TestPatients.Healthy().WithLab(LabKind.Egfr, 45)), "hyperkalaemia");
        var ckdCondition = Effect(Estimate("lisinopril 10mg",
            TestPatients.Healthy().WithoutLabs(LabKind.Egfr, LabKind.Creatinine).With(ConditionKind.ChronicKidneyDisease, "CKD stage 3a")), "hyperkalaemia");
        var ckdDiabetesHighK = Effect(Estimate("lisinopril 10mg",
            TestPatients.Healthy().WithLab(LabKind.Egfr, 45).With(ConditionKind.Diabetes, "Type 2 diabetes").WithLab(LabKind.Potassium, 4.8)), "hyperkalaemia");
        Assert.True(normal < 0.02, $"{normal}");
        Assert.True(ckd >= 3 * normal, $"{ckd} vs {normal}");
        Assert.Equal(ckd, ckdCondition, 12);
        Assert.True(ckdDiabetesHighK > ckd);
    }

    [Fact]
    public void Estimate_ThiazideWithGoutHistory_GoutFlareMuchLikelier()
    {
        var none = Effect(Estimate("chlorthalidone 12.5mg"), "gout");
        var history = Effect(Estimate("chlorthalidone 12.5mg", TestPatients.Healthy().With(ConditionKind.Gout, "Gout", active: false)), "gout flare");
        Assert.True(history > 20 * none, $"{history} vs {none}");
        Assert.True(history < 0.95);
    }

    [Fact]
    public void Estimate_ThiazideWithAceInhibitor_LessHypokalaemia()
    {
        var alone = Effect(Estimate("hydrochlorothiazide 25mg"), "hypokalaemia");
        Assert.Equal(0.062, alone, 9);
        Assert.True(Effect(Estimate("hydrochlorothiazide 25mg + lisinopril 10mg"), "hypokalaemia") < alone);
        Assert.True(Effect(Estimate("hydrochlorothiazide 25mg", TestPatients.Healthy().WithLab(LabKind.Potassium, 3.6)), "hypokalaemia") > alone);
    }

    [Fact]
    public void Estimate_BetaBlockerWithSlowPulse_MoreBradycardia()
    {
        var normal = Effect(Estimate("bisoprolol 5mg"), "bradycardia");
        var slow = Effect(Estimate("bisoprolol 5mg", TestPatients.Healthy().WithLab(LabKind.HeartRate, 56)), "bradycardia");
        Assert.Equal(0.03, normal, 9);
        Assert.True(slow > normal);
    }

    [Fact]
    public void Estimate_TwoRasBlockers_HyperkalaemiaCombinedWithBothCauses()
    {
        var estimate = Estimate("lisinopril 10mg + losartan 50mg");
        var named = Assert.Single(estimate.Effects, e => e.Name == "hyperkalaemia");
        Assert.Equal(1 - Math.Pow(1 - 0.015, 2), named.Probability, 12);
        Assert.Equal("lisinopril 10mg + losartan 50mg", named.Cause);
    }

    [Fact]
    public void Estimate_Effects_MostLikelyFirst()
    {
        var effects = Estimate("amlodipine 10mg + hydrochlorothiazide 25mg + atenolol 50mg").Effects;
        Assert.True(effects.Count >= 5);
        for (var i = 1; i < effects.Count; i++) Assert.True(effects[i].Probability <= effects[i - 1].Probability);
    }
}
