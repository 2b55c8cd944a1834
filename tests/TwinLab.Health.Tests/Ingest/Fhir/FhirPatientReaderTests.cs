using TwinLab.Health.Ingest.Fhir;
using TwinLab.Health.Patients;

namespace TwinLab.Health.Tests.Ingest.Fhir;

public sealed class FhirPatientReaderTests
{
    private static readonly Lazy<FhirReadResult> Maria = new(() => new FhirPatientReader().Read(FhirData.File("synthea-maria-garcia.json")));
    private static readonly Lazy<FhirReadResult> Okafor = new(() => new FhirPatientReader().Read(FhirData.File("okafor-medication-requests.json")));

    private static PatientProfile MariaProfile => Assert.Single(Maria.Value.Profiles);

    [Fact]
    public void Read_SyntheaBundle_ReadsDemographics()
    {
        var p = MariaProfile;
        Assert.Equal("maria-garcia", p.Id);
        Assert.Equal("María Elena García", p.Name);
        Assert.Equal(new DateOnly(1961, 4, 12), p.BirthDate);
        Assert.Equal(Sex.Female, p.Sex);
    }

    [Fact]
    public void Read_BpPanels_GiveReadingsWithOffsetSourceAndSetting()
    {
        var readings = MariaProfile.Readings;
        // 20 clinic panels + 4 CardX home panels + 1 home 55284-4 + 1 paired standalone systolic/diastolic.
        Assert.Equal(26, readings.Count);
        var first = readings[0];
        Assert.Equal(new DateTimeOffset(2024, 1, 8, 9, 30, 0, TimeSpan.FromHours(-5)), first.Time);
        Assert.Equal(TimeSpan.FromHours(-5), first.Time.Offset);
        Assert.Equal((158.0, 98.0), (first.Systolic, first.Diastolic));
        Assert.Equal(ReadingSetting.Clinic, first.Setting);
        Assert.EndsWith("synthea-maria-garcia.json#Observation/bp-clinic-01", first.Source);
        Assert.Equal(5, readings.Count(r => r.Setting == ReadingSetting.Home));
        Assert.Equal(ReadingSetting.Home, readings.Single(r => r.Source.EndsWith("bp-home-method", StringComparison.Ordinal)).Setting);
        Assert.True(readings.Zip(readings.Skip(1)).All(p => p.First.Time <= p.Second.Time));
    }

    [Fact]
    public void Read_HeartRate_BecomesLabAndPulseAtTheSameTime()
    {
        var p = MariaProfile;
        Assert.Equal(72, p.Readings.Single(r => r.Source.EndsWith("bp-clinic-01", StringComparison.Ordinal)).Pulse);
        Assert.Null(p.Readings.Single(r => r.Source.EndsWith("bp-clinic-02", StringComparison.Ordinal)).Pulse);
        Assert.Equal(66, p.Readings.Single(r => r.Source.EndsWith("bp-home-1", StringComparison.Ordinal)).Pulse);
        Assert.Equal(11, p.Labs.Count(l => l.Kind == LabKind.HeartRate));
    }

    [Fact]
    public void Read_StandaloneSystolicAndDiastolic_ArePairedByTime()
    {
        var paired = MariaProfile.Readings.Single(r => r.Time == new DateTimeOffset(2024, 7, 1, 10, 15, 0, TimeSpan.FromHours(-5)));
        Assert.Equal((131.0, 81.0, 70.0), (paired.Systolic, paired.Diastolic, paired.Pulse!.Value));
        Assert.EndsWith("#Observation/sys-2024-07-01", paired.Source);
        Assert.Contains(Maria.Value.Problems, x => x.Location == "Observation/sys-lone" && x.Problem.Contains("no diastolic", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_Labs_ConvertsUnits()
    {
        var p = MariaProfile;
        Assert.Equal(4.2, p.Latest(LabKind.Potassium)!.Value, 6); // 6298-4 in mEq/L
        Assert.Equal(2, p.Labs.Count(l => l.Kind == LabKind.Potassium));
        Assert.Equal(1.1 * 88.4, p.Latest(LabKind.Creatinine)!.Value, 6);
        Assert.Equal(52, p.Latest(LabKind.Egfr)!.Value);
    }

    [Fact]
    public void Read_PanelWithoutDiastolic_IsAProblemNamingTheElement()
    {
        var problem = Assert.Single(Maria.Value.Problems, x => x.Location.StartsWith("Observation/bp-no-diastolic", StringComparison.Ordinal));
        Assert.Equal("Observation/bp-no-diastolic.component", problem.Location);
        Assert.Contains("diastolic (LOINC 8462-4)", problem.Problem);
        Assert.True(problem.Excluded);
        Assert.EndsWith("synthea-maria-garcia.json", problem.File);
    }

    [Fact]
    public void Read_WrongUnit_IsAProblemNamingResourceAndElement()
    {
        var problem = Assert.Single(Maria.Value.Problems, x => x.Location.StartsWith("Observation/bp-kpa", StringComparison.Ordinal));
        Assert.Equal("Observation/bp-kpa.component[0].valueQuantity.unit", problem.Location);
        Assert.Contains("'kPa' is not mm[Hg]", problem.Problem);
        Assert.DoesNotContain(MariaProfile.Readings, r => r.Source.EndsWith("bp-kpa", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_EnteredInError_IsSkippedWithANote()
    {
        Assert.DoesNotContain(MariaProfile.Readings, r => r.Systolic == 190);
        Assert.Contains(Maria.Value.Notes, n => n.Contains("Observation/bp-error: status 'entered-in-error'", StringComparison.Ordinal));
        Assert.Contains(Maria.Value.Notes, n => n.Contains("MedicationStatement/ms-error: status 'entered-in-error'", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_Conditions_MapsSnomedIcd10AndKeywordsWithStatus()
    {
        var p = MariaProfile;
        Assert.True(p.Has(ConditionKind.Diabetes));
        var ckd = p.Conditions.Single(c => c.Kind == ConditionKind.ChronicKidneyDisease);
        Assert.True(ckd.Active);
        Assert.Equal("http://hl7.org/fhir/sid/icd-10-cm|N18.30", ckd.Code);
        Assert.Equal(new DateOnly(2022, 9, 14), ckd.Onset);
        Assert.False(p.Has(ConditionKind.Gout));
        Assert.True(p.EverHad(ConditionKind.Gout));
        Assert.True(p.EverHad(ConditionKind.Asthma)); // text only: "Asthma, mild intermittent"
        Assert.False(p.Has(ConditionKind.Asthma));
        Assert.True(p.EverHad(ConditionKind.Angioedema));
        Assert.Equal(5, p.Conditions.Count);
        Assert.Contains(Maria.Value.Notes, n => n.Contains("Condition 'Essential hypertension (disorder)", StringComparison.Ordinal));
        Assert.Contains(Maria.Value.Notes, n => n.Contains("Observation 'Body mass index", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_MedicationStatements_BuildTheRegimenTimeline()
    {
        var periods = MariaProfile.Medication;
        Assert.Equal(
        [
            ("hydrochlorothiazide 25mg", new DateOnly(2024, 1, 15), (DateOnly?)new DateOnly(2024, 3, 1)),
            ("lisinopril 10mg", new DateOnly(2024, 3, 1), new DateOnly(2024, 5, 1)),
            ("lisinopril 20mg", new DateOnly(2024, 5, 1), new DateOnly(2024, 6, 15)),
            ("lisinopril 20mg + amlodipine 5mg", new DateOnly(2024, 6, 15), null),
        ], periods.Select(x => (x.Regimen.ToString(), x.Start, x.End)).ToArray());
        Assert.Equal("lisinopril 20mg + amlodipine 5mg", MariaProfile.CurrentRegimen.ToString());
        Assert.Contains("MedicationStatement/ms-hctz", periods[0].Source);
        Assert.Contains(Maria.Value.Notes, n => n.Contains("metformin hydrochloride 500 MG Oral Tablet' is not an antihypertensive", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_CombinationTabletRequest_GivesBothDrugs()
    {
        var p = Assert.Single(Okafor.Value.Profiles);
        Assert.Equal(Sex.Male, p.Sex);
        Assert.Equal("John Okafor", p.Name);
        var combo = p.Medication.Single(m => m.Start == new DateOnly(2024, 2, 1));
        Assert.Equal("hydrochlorothiazide 12.5mg + lisinopril 10mg", combo.Regimen.ToString());
        Assert.Equal(new DateOnly(2024, 4, 10), combo.End);
    }

    [Fact]
    public void Read_MedicationRequests_HonourStatusFrequencyAndReferences()
    {
        var p = Assert.Single(Okafor.Value.Profiles);
        // atenolol 25 mg BID via a bundled Medication, stopped: ends at the validity end.
        var atenolol = p.Medication[0];
        Assert.Equal(("atenolol 50mg", new DateOnly(2023, 9, 1), (DateOnly?)new DateOnly(2024, 2, 1)), (atenolol.Regimen.ToString(), atenolol.Start, atenolol.End));
        // Norvasc 10mg plain text, no dosage: one tablet once daily with a note; active, so the last period is open.
        var last = p.Medication[^1];
        Assert.Null(last.End);
        Assert.Equal("hydrochlorothiazide 12.5mg + lisinopril 10mg + amlodipine 10mg", last.Regimen.ToString());
        Assert.Contains(Okafor.Value.Notes, n => n.Contains("MedicationStatement/ms-norvasc: no dosage: one tablet once daily assumed", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_UnknownDrugName_IsNotedAndUnmodelledAntihypertensiveIsAProblem()
    {
        Assert.Contains(Okafor.Value.Notes, n => n.Contains("MedicationStatement/ms-unknown: 'Zorbitrex 40 mg' is not an antihypertensive in the drug catalogue", StringComparison.Ordinal));
        var olmesartan = Assert.Single(Okafor.Value.Problems, x => x.Location.StartsWith("MedicationStatement/ms-olmesartan", StringComparison.Ordinal));
        Assert.Contains("olmesartan medoxomil 20 MG Oral Tablet", olmesartan.Problem);
        Assert.Contains("regimen is incomplete", olmesartan.Problem);
    }

    [Fact]
    public void Read_NotPregnantStatus_AddsNoPregnancy()
    {
        var p = Assert.Single(Okafor.Value.Profiles);
        Assert.False(p.EverHad(ConditionKind.Pregnancy));
        Assert.Contains(Okafor.Value.Notes, n => n.Contains("not pregnant", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_TwoPatientsInOneBundle_AttachesBySubject()
    {
        var result = new FhirPatientReader().Read(FhirData.File("two-patients.json"));
        Assert.Equal(["anna-berg", "lars-berg"], result.Profiles.Select(p => p.Id).ToArray());
        var anna = result.Profiles[0];
        var lars = result.Profiles[1];
        Assert.Equal(128, Assert.Single(anna.Readings).Systolic);
        Assert.Equal(162, Assert.Single(lars.Readings).Systolic);
        Assert.True(anna.Has(ConditionKind.Pregnancy)); // ICD-10-CM Z33.1
        Assert.True(lars.Has(ConditionKind.HeartFailure)); // ICD-10-CM I50.22
        Assert.Equal("Anna Berg", anna.Name);
        var orphan = Assert.Single(result.Problems);
        Assert.Equal("Observation/orphan-hr.subject", orphan.Location);
        Assert.Contains("several patients", orphan.Problem);
    }

    [Fact]
    public void Read_FolderWithBrokenFile_ReportsFileAndPositionAndImportsTheOthers()
    {
        var folder = FhirData.File("folder-with-broken");
        var files = FhirPatientReader.JsonFiles(folder);
        Assert.Equal(["a-good.json", "b-broken.json"], files.Select(f => Path.GetFileName(f)!).ToArray());
        var result = new FhirPatientReader().Read(folder);
        var tom = Assert.Single(result.Profiles);
        Assert.Equal("tom-reed", tom.Id);
        Assert.Equal(148, Assert.Single(tom.Readings).Systolic); // unreferenced: the bundle's only patient
        var broken = Assert.Single(result.Problems);
        Assert.EndsWith("b-broken.json", broken.File);
        Assert.Equal("line 6, column 5", broken.Location);
        Assert.Contains("not valid JSON", broken.Problem);
    }

    [Fact]
    public void Read_FolderOfSingleResources_JoinsThemByReference()
    {
        var result = new FhirPatientReader().Read(FhirData.File("singles"));
        Assert.Empty(result.Problems);
        var sam = Assert.Single(result.Profiles);
        Assert.Equal(Sex.Other, sam.Sex);
        var reading = Assert.Single(sam.Readings);
        Assert.Equal(ReadingSetting.Home, reading.Setting); // device "Omron home monitor"
        Assert.Equal(TimeSpan.FromHours(9), reading.Time.Offset);
        Assert.False(reading.IsMorning);
        Assert.True(sam.Has(ConditionKind.Asthma));
        Assert.Equal("bisoprolol 2.5mg", sam.CurrentRegimen.ToString()); // half a 5 mg tablet
    }

    [Fact]
    public void ReadTexts_NotAResource_IsAProblem()
    {
        var result = new FhirPatientReader().ReadTexts([("list.json", "[1, 2]"), ("nothing.json", "  "), ("untyped.json", "{\"id\": \"x\"}")]);
        Assert.Equal(3, result.Problems.Count);
        Assert.All(result.Problems, p => Assert.True(p.Excluded));
        Assert.Contains(result.Problems, p => p.File == "untyped.json" && p.Problem.Contains("resourceType", StringComparison.Ordinal));
    }
}
