using TwinLab.Health.Patients;
using TwinLab.Health.Pharmacology;
using TwinLab.Health.Safety;

namespace TwinLab.Health.Tests.Safety;

public sealed class SafetyRulesTests
{
    private static readonly DateOnly Today = TestPatients.Today;

    private static IReadOnlyList<SafetyFinding> Check(string regimen, PatientProfile patient) =>
        SafetyRules.Check(Regimen.Parse(regimen), patient, Today);

    private static SafetyFinding Single(IReadOnlyList<SafetyFinding> findings, string rule) =>
        Assert.Single(findings, f => f.Rule == rule);

    [Fact]
    public void Check_CommonRegimenInHealthyPerson_NoFindings()
    {
        var findings = Check("amlodipine 5mg + lisinopril 10mg + indapamide 2.5mg", TestPatients.Healthy());
        Assert.Empty(findings);
        Assert.False(SafetyRules.IsExcluded(findings));
    }

    [Fact]
    public void Check_NoTreatment_NoFindings()
    {
        var patient = TestPatients.Healthy().With(ConditionKind.Pregnancy, "Pregnancy").WithoutLabs(LabKind.Potassium);
        Assert.Empty(SafetyRules.Check(Regimen.None, patient, Today));
    }

    [Fact]
    public void Check_BetaBlockerWithoutCompellingIndication_CautionNamingTheAlternatives()
    {
        var finding = Single(Check("bisoprolol 5mg + amlodipine 5mg", TestPatients.Healthy()), "beta-blocker-without-compelling-indication");
        Assert.Equal(SafetySeverity.Caution, finding.Severity);
        Assert.Contains("bisoprolol", finding.Explanation);
        Assert.Contains("prevent fewer strokes", finding.Explanation);
        Assert.Contains("Lindholm", finding.Source);
    }

    [Theory]
    [InlineData(ConditionKind.HeartFailure, "Heart failure with reduced ejection fraction")]
    [InlineData(ConditionKind.CoronaryHeartDisease, "Old myocardial infarction")]
    public void Check_BetaBlockerWithCompellingIndication_NoFirstLineCaution(ConditionKind kind, string display)
    {
        var findings = Check("metoprolol 100mg", TestPatients.Healthy().With(kind, display));
        Assert.DoesNotContain(findings, f => f.Rule == "beta-blocker-without-compelling-indication");
    }

    [Theory]
    [InlineData(1996, true)]   // 29 on the test day
    [InlineData(1960, false)]  // 65
    public void Check_ArbInWomanOfReproductiveAge_CautionAboutPregnancy(int birthYear, bool expected)
    {
        var woman = TestPatients.Healthy() with { Sex = Sex.Female, BirthDate = new DateOnly(birthYear, 3, 1) };
        var findings = Check("losartan 50mg", woman);
        Assert.Equal(expected, findings.Any(f => f.Rule == "acei-or-arb-in-woman-of-reproductive-age"));
        if (expected)
        {
            var finding = Single(findings, "acei-or-arb-in-woman-of-reproductive-age");
            Assert.Equal(SafetySeverity.Caution, finding.Severity);
            Assert.Contains("contraception", finding.Explanation);
        }
        Assert.DoesNotContain(Check("losartan 50mg", TestPatients.Healthy()), f => f.Rule == "acei-or-arb-in-woman-of-reproductive-age");
        Assert.DoesNotContain(Check("amlodipine 5mg", woman), f => f.Rule == "acei-or-arb-in-woman-of-reproductive-age");
    }

    [Fact]
    public void Check_AceInhibitorWithArb_Excluded()
    {
        var findings = Check("lisinopril 10mg + losartan 50mg", TestPatients.Healthy());
        var finding = Single(findings, "acei-with-arb");
        Assert.Equal(SafetySeverity.Excluded, finding.Severity);
        Assert.Contains("lisinopril (ACE inhibitor)", finding.Explanation);
        Assert.Contains("losartan (ARB)", finding.Explanation);
        Assert.Contains("ONTARGET", finding.Source);
        Assert.True(SafetyRules.IsExcluded(findings));
    }

    [Theory]
    [InlineData("amlodipine 5mg + felodipine 5mg", "ccb", "calcium channel blocker")]
    [InlineData("hydrochlorothiazide 25mg + indapamide 2.5mg", "thiazide", "thiazide-type diuretic")]
    [InlineData("atenolol 50mg + bisoprolol 5mg", "beta-blocker", "beta-blocker")]
    public void Check_TwoDrugsOfOneClass_Excluded(string regimen, string classId, string className)
    {
        var finding = Single(Check(regimen, TestPatients.Healthy()), "two-drugs-same-class-" + classId);
        Assert.Equal(SafetySeverity.Excluded, finding.Severity);
        Assert.Contains($"same class ({className})", finding.Explanation);
        Assert.Contains("Law MR", finding.Source);
    }

    [Theory]
    [InlineData("ramipril 5mg", "ramipril (ACE inhibitor)")]
    [InlineData("candesartan 8mg", "candesartan (ARB)")]
    public void Check_AceInhibitorOrArbInPregnancy_Excluded(string regimen, string named)
    {
        var patient = TestPatients.Healthy() with { Sex = Sex.Female };
        var finding = Single(Check(regimen, patient.With(ConditionKind.Pregnancy, "Pregnant, 14 weeks")), "acei-or-arb-in-pregnancy");
        Assert.Equal(SafetySeverity.Excluded, finding.Severity);
        Assert.Contains(named, finding.Explanation);
        Assert.Contains("fetotoxic", finding.Explanation);
    }

    [Fact]
    public void Check_PregnancyResolved_NoPregnancyFinding()
    {
        var patient = TestPatients.Healthy().With(ConditionKind.Pregnancy, "Pregnancy", active: false);
        Assert.DoesNotContain(Check("ramipril 5mg", patient), f => f.Rule.Contains("pregnancy"));
    }

    [Fact]
    public void Check_AtenololInPregnancy_CautionForGrowthRestriction()
    {
        var finding = Single(Check("atenolol 50mg", TestPatients.Healthy().With(ConditionKind.Pregnancy, "Pregnancy")), "atenolol-in-pregnancy");
        Assert.Equal(SafetySeverity.Caution, finding.Severity);
        Assert.Contains("atenolol 50mg", finding.Explanation);
        Assert.Contains("fetal growth restriction", finding.Explanation);
    }

    [Fact]
    public void Check_ThiazideInPregnancy_Caution()
    {
        var findings = Check("hydrochlorothiazide 12.5mg", TestPatients.Healthy().With(ConditionKind.Pregnancy, "Pregnancy"));
        var finding = Single(findings, "thiazide-in-pregnancy");
        Assert.Equal(SafetySeverity.Caution, finding.Severity);
        Assert.Contains("hydrochlorothiazide (thiazide-type diuretic) in pregnancy", finding.Explanation);
        Assert.False(SafetyRules.IsExcluded(findings));
    }

    [Theory]
    [InlineData("lisinopril 10mg", "lisinopril (ACE inhibitor)")]
    [InlineData("valsartan 80mg", "valsartan (ARB)")]
    public void Check_AceInhibitorOrArbAfterResolvedAngioedema_Excluded(string regimen, string named)
    {
        var patient = TestPatients.Healthy().With(ConditionKind.Angioedema, "Angioedema due to ACE inhibitor", active: false);
        var finding = Single(Check(regimen, patient), "acei-or-arb-after-angioedema");
        Assert.Equal(SafetySeverity.Excluded, finding.Severity);
        Assert.Contains(named, finding.Explanation);
        Assert.Contains("Angioedema due to ACE inhibitor since 2019-05-01, resolved", finding.Explanation);
    }

    [Fact]
    public void Check_NonSelectiveBetaBlockerInAsthma_Excluded()
    {
        var finding = Single(Check("propranolol 160mg", TestPatients.Healthy().With(ConditionKind.Asthma, "Asthma")), "nonselective-beta-blocker-in-asthma");
        Assert.Equal(SafetySeverity.Excluded, finding.Severity);
        Assert.Contains("propranolol 160mg (non-selective beta-blocker) with asthma", finding.Explanation);
        Assert.Contains("bronchospasm", finding.Explanation);
    }

    [Fact]
    public void Check_SelectiveBetaBlockerInAsthma_Caution()
    {
        var findings = Check("bisoprolol 5mg", TestPatients.Healthy().With(ConditionKind.Asthma, "Asthma"));
        var finding = Single(findings, "selective-beta-blocker-in-asthma");
        Assert.Equal(SafetySeverity.Caution, finding.Severity);
        Assert.Contains("bisoprolol 5mg (cardioselective beta-blocker) with asthma", finding.Explanation);
        Assert.False(SafetyRules.IsExcluded(findings));
    }

    [Fact]
    public void Check_ThiazideInGout_CautionNamingUrate()
    {
        var finding = Single(Check("chlorthalidone 12.5mg", TestPatients.Healthy().With(ConditionKind.Gout, "Gout of left big toe")), "thiazide-in-gout");
        Assert.Equal(SafetySeverity.Caution, finding.Severity);
        Assert.Contains("chlorthalidone (thiazide-type diuretic) with gout (recorded: Gout of left big toe", finding.Explanation);
        Assert.Contains("urate", finding.Explanation);
    }

    [Fact]
    public void Check_ArbWithPotassiumAbove5_Excluded()
    {
        var finding = Single(Check("losartan 50mg", TestPatients.Healthy().WithLab(LabKind.Potassium, 5.4)), "acei-or-arb-with-high-potassium");
        Assert.Equal(SafetySeverity.Excluded, finding.Severity);
        Assert.Contains("losartan (ARB) with potassium 5.4 mmol/L on 2025-01-20 (above 5.0)", finding.Explanation);
    }

    [Fact]
    public void Check_AceInhibitorWithPotassiumExactly5_Allowed()
    {
        Assert.Empty(Check("lisinopril 10mg", TestPatients.Healthy().WithLab(LabKind.Potassium, 5.0)));
    }

    [Fact]
    public void Check_ThiazideWithPotassium3point3_Caution()
    {
        var finding = Single(Check("indapamide 2.5mg", TestPatients.Healthy().WithLab(LabKind.Potassium, 3.3)), "thiazide-with-low-potassium");
        Assert.Equal(SafetySeverity.Caution, finding.Severity);
        Assert.Contains("potassium 3.3 mmol/L", finding.Explanation);
        Assert.Contains("below 3.5", finding.Explanation);
    }

    [Fact]
    public void Check_ThiazideWithPotassium2point8_Excluded()
    {
        var finding = Single(Check("indapamide 2.5mg", TestPatients.Healthy().WithLab(LabKind.Potassium, 2.8)), "thiazide-with-very-low-potassium");
        Assert.Equal(SafetySeverity.Excluded, finding.Severity);
        Assert.Contains("below 3.0", finding.Explanation);
    }

    [Fact]
    public void Check_PotassiumMeasuredAfterToday_Ignored()
    {
        var patient = TestPatients.Healthy().WithLab(LabKind.Potassium, 5.6, new DateTimeOffset(2025, 4, 1, 9, 0, 0, TimeSpan.Zero));
        var findings = Check("lisinopril 10mg", patient);
        Assert.DoesNotContain(findings, f => f.Rule == "acei-or-arb-with-high-potassium");
        Assert.Contains("no potassium result", Single(findings, "monitoring-labs-missing").Explanation);
    }

    [Fact]
    public void Check_ThiazideWithoutRecentLabs_CautionToCheckBeforeAndAfter()
    {
        var old = new DateTimeOffset(2023, 11, 2, 10, 0, 0, TimeSpan.Zero);
        var patient = TestPatients.Healthy().WithLab(LabKind.Potassium, 4.1, old).WithoutLabs(LabKind.Creatinine, LabKind.Egfr);
        var finding = Single(Check("hydrochlorothiazide 25mg", patient), "monitoring-labs-missing");
        Assert.Equal(SafetySeverity.Caution, finding.Severity);
        Assert.Contains("no potassium or kidney function (creatinine/eGFR) result in the 12 months to 2025-03-14", finding.Explanation);
        Assert.Contains("check before starting and 1–2 weeks after", finding.Explanation);
    }

    [Fact]
    public void Check_CcbWithoutLabs_NoMonitoringFinding()
    {
        var patient = TestPatients.Healthy().WithoutLabs(LabKind.Potassium, LabKind.Creatinine, LabKind.Egfr);
        Assert.Empty(Check("amlodipine 5mg", patient));
    }

    [Fact]
    public void Check_HydrochlorothiazideWithEgfr24_CautionLessEffective()
    {
        var finding = Single(Check("hydrochlorothiazide 25mg", TestPatients.Healthy().WithLab(LabKind.Egfr, 24)), "thiazide-with-egfr-below-30");
        Assert.Equal(SafetySeverity.Caution, finding.Severity);
        Assert.Contains("eGFR 24 mL/min/1.73 m²", finding.Explanation);
        Assert.Contains("less effective", finding.Explanation);
        Assert.Contains("chlorthalidone or indapamide keep some effect", finding.Explanation);
    }

    [Fact]
    public void Check_ChlorthalidoneWithEgfr24_SaysItKeepsSomeEffect()
    {
        var finding = Single(Check("chlorthalidone 12.5mg", TestPatients.Healthy().WithLab(LabKind.Egfr, 24)), "thiazide-with-egfr-below-30");
        Assert.Contains("chlorthalidone keeps some effect (CLICK)", finding.Explanation);
    }

    [Fact]
    public void Check_AceInhibitorWithEgfrFromCreatinine_CautionWithMonitoring()
    {
        // Creatinine 250 µmol/L in a 58-year-old man: CKD-EPI 2021 gives about 25 mL/min/1.73 m².
        var patient = TestPatients.Healthy().WithoutLabs(LabKind.Egfr).WithLab(LabKind.Creatinine, 250);
        var finding = Single(Check("ramipril 2.5mg", patient), "acei-or-arb-with-egfr-below-30");
        Assert.Equal(SafetySeverity.Caution, finding.Severity);
        Assert.Contains("CKD-EPI 2021 from creatinine 250 µmol/L", finding.Explanation);
        Assert.Contains("check potassium and creatinine before starting, after 1–2 weeks", finding.Explanation);
    }

    [Fact]
    public void Check_ArbInBilateralRenalArteryStenosis_Excluded()
    {
        var patient = TestPatients.Healthy().With(ConditionKind.RenalArteryStenosis, "Bilateral renal artery stenosis");
        var finding = Single(Check("losartan 50mg + amlodipine 5mg", patient), "acei-or-arb-in-bilateral-renal-artery-stenosis");
        Assert.Equal(SafetySeverity.Excluded, finding.Severity);
        Assert.Contains("losartan (ARB) with bilateral renal artery stenosis", finding.Explanation);
        Assert.DoesNotContain("amlodipine", finding.Explanation);
    }

    [Fact]
    public void Check_BetaBlockerWithHeartBlock_Excluded()
    {
        var patient = TestPatients.Healthy().With(ConditionKind.Bradycardia, "Second degree AV block");
        var finding = Single(Check("metoprolol 100mg", patient), "beta-blocker-with-bradycardia");
        Assert.Equal(SafetySeverity.Excluded, finding.Severity);
        Assert.Contains("metoprolol (beta-blocker) with bradycardia or heart block (recorded: Second degree AV block", finding.Explanation);
    }

    [Fact]
    public void Check_BetaBlockerWithHeartRate46_Excluded()
    {
        var finding = Single(Check("bisoprolol 5mg", TestPatients.Healthy().WithLab(LabKind.HeartRate, 46)), "beta-blocker-with-heart-rate-below-50");
        Assert.Equal(SafetySeverity.Excluded, finding.Severity);
        Assert.Contains("heart rate 46/min on 2025-01-20 (below 50)", finding.Explanation);
    }

    [Fact]
    public void Check_BetaBlockerWithHomePulseAround55_Caution()
    {
        // A recorded heart rate of 72 in January, then a week of home readings in March with pulses around 55.
        var readings = Enumerable.Range(0, 7).Select(d => new BpReading(
            new DateTimeOffset(2025, 3, 6 + d, 7, 30, 0, TimeSpan.FromHours(1)), 148, 92, 53 + d % 4, ReadingSetting.Home, $"omron.csv:{d + 2}"));
        var patient = TestPatients.Healthy() with { Readings = readings.ToArray() };
        var finding = Single(Check("atenolol 50mg", patient), "beta-blocker-with-heart-rate-50-59");
        Assert.Equal(SafetySeverity.Caution, finding.Severity);
        Assert.Contains("median pulse 54/min over 7 readings in the week to 2025-03-12 (50–59)", finding.Explanation);
    }

    [Fact]
    public void Check_TripleTherapyAt82_CautionPosturalHypotension()
    {
        var patient = TestPatients.Healthy() with { BirthDate = new DateOnly(1942, 9, 1) };
        var findings = Check("amlodipine 5mg + ramipril 5mg + indapamide 2.5mg", patient);
        var finding = Single(findings, "triple-therapy-at-80-or-over");
        Assert.Equal(SafetySeverity.Caution, finding.Severity);
        Assert.Contains("at age 82", finding.Explanation);
        Assert.Contains("postural hypotension", finding.Explanation);
        Assert.Empty(Check("amlodipine 5mg + ramipril 5mg", patient));
    }

    [Fact]
    public void Check_SeveralProblems_ExclusionsFirstEachWithSource()
    {
        var patient = TestPatients.Healthy().With(ConditionKind.Gout, "Gout").With(ConditionKind.Asthma, "Asthma").WithLab(LabKind.Potassium, 5.3);
        var findings = Check("propranolol 160mg + lisinopril 10mg + hydrochlorothiazide 25mg", patient);
        Assert.Equal(["nonselective-beta-blocker-in-asthma", "acei-or-arb-with-high-potassium", "thiazide-in-gout", "beta-blocker-without-compelling-indication"], findings.Select(f => f.Rule));
        Assert.All(findings, f => Assert.False(string.IsNullOrWhiteSpace(f.Source)));
        Assert.True(SafetyRules.IsExcluded(findings));
    }
}
