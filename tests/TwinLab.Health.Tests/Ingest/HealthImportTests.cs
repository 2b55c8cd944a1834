using TwinLab.Health.Ingest;

namespace TwinLab.Health.Tests.Ingest;

public sealed class HealthImportTests
{
    private static readonly HealthImportOptions Options = new() { Now = new DateTimeOffset(2026, 11, 27, 0, 0, 0, TimeSpan.Zero) };

    [Fact]
    public void Import_YamlWithTwoCsvs_ExcludesDuplicatesAcrossFiles()
    {
        var result = HealthImport.Import(TestData.File("profile.yaml"), Options);

        var p = Assert.Single(result.Profiles);
        Assert.Equal(5, p.Readings.Count);
        Assert.Equal(7, result.Counts.Read);
        Assert.Equal(5, result.Counts.Accepted);
        Assert.Equal(2, result.Counts.Rejected[RejectionReason.Duplicate]);
        Assert.All(result.Problems, pr => Assert.EndsWith("readings-b.csv", pr.File, StringComparison.Ordinal));
        Assert.Equal(["row 2", "row 3"], result.Problems.Select(pr => pr.Location));
        Assert.Contains("readings-a.csv: row 4", result.Problems[0].Problem, StringComparison.Ordinal);
        Assert.True(p.Readings.Zip(p.Readings.Skip(1)).All(x => x.First.Time <= x.Second.Time));
    }

    [Fact]
    public void Import_SameYamlTwice_IsOneImport()
    {
        var result = HealthImport.Import([TestData.File("profile.yaml"), TestData.File("profile.yaml")], Options);

        Assert.Single(result.Profiles);
        Assert.Equal(5, result.Counts.Accepted);
    }

    [Fact]
    public void Import_LooseCsvWithPatientId_MakesAReadingsOnlyProfile()
    {
        var result = HealthImport.Import([TestData.File("readings-a.csv"), TestData.File("readings-b.csv")], Options with { PatientId = "p7" });

        var p = Assert.Single(result.Profiles);
        Assert.Equal("p7", p.Id);
        Assert.Equal(5, p.Readings.Count);
        Assert.Contains(result.Notes, n => n.Contains("'p7'", StringComparison.Ordinal));
        Assert.Contains(result.Notes, n => n.Contains("UTC+00:00", StringComparison.Ordinal));
    }

    [Fact]
    public void Import_LooseCsvWithoutPatient_AsksForThePatientId()
    {
        var e = Assert.Throws<HealthInputException>(() => HealthImport.Import(TestData.File("readings-a.csv"), Options));

        Assert.Contains("give the patient id", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_MissingPathOrUnknownExtension_Throws()
    {
        Assert.Contains("no such file", Assert.Throws<HealthInputException>(() => HealthImport.Import("no/such/dir", Options)).Message, StringComparison.Ordinal);
        Assert.Contains("not a .json", Assert.Throws<HealthInputException>(() => HealthImport.Import(Path.Combine(TestData.Examples, "README.md"), Options)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_AishaExample_ReportsEachBadRow()
    {
        var result = HealthImport.Import(Path.Combine(TestData.Examples, "aisha.yaml"), Options);

        var p = Assert.Single(result.Profiles);
        Assert.Equal("aisha", p.Id);
        Assert.Equal(1, result.Counts.Rejected[RejectionReason.SystolicOutOfRange]);
        Assert.Equal(1, result.Counts.Rejected[RejectionReason.DiastolicNotBelowSystolic]);
        Assert.Equal(4, result.Counts.Rejected[RejectionReason.Duplicate]);
        Assert.Equal(6, result.Problems.Count);
        Assert.Equal(result.Counts.Read, result.Counts.Accepted + result.Counts.RejectedTotal);
        Assert.Contains(result.Notes, n => n.Contains("month first", StringComparison.Ordinal));
        Assert.InRange(p.Readings.Count, 48, 56);
    }

    [Fact]
    public void Import_JamesExample_AYearOfTwiceDailyReadingsAndHisHistory()
    {
        var result = HealthImport.Import(Path.Combine(TestData.Examples, "james.yaml"), Options);

        var p = Assert.Single(result.Profiles);
        Assert.Empty(result.Problems);
        Assert.InRange(p.Readings.Count, 650, 730);
        Assert.Equal("losartan 50mg", p.CurrentRegimen.ToString());
        Assert.Equal(2, p.Medication.Count);
        Assert.True(p.Has(Patients.ConditionKind.Gout));
        Assert.Equal(46, p.AgeOn(new DateOnly(2026, 11, 20)));
    }

    [Fact]
    public void Import_WholeExamplesFolder_SkipsTheRunScenarioAndReadsThreePatients()
    {
        // examples/health also holds scenarios/compare-regimens.yaml, a 'twinlab run' scenario and not a profile.
        var result = HealthImport.Import(TestData.Examples, Options);

        Assert.Equal(["aisha", "james", "maria"], result.Profiles.Select(p => p.Id));
        Assert.Contains(result.Notes, n => n.Contains("compare-regimens.yaml: skipped", StringComparison.Ordinal));
    }

    [Fact]
    public void Import_ScenarioNamedExplicitly_IsStillReadAsAProfileAndFails()
    {
        var file = Path.Combine(TestData.Examples, "scenarios", "compare-regimens.yaml");

        var e = Assert.Throws<HealthInputException>(() => HealthImport.Import(file, Options));

        Assert.Contains("simulator", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_LooseCsvForStoredPatient_KeepsTheStoredRecordAndReportsReuploads()
    {
        var stored = Assert.Single(HealthImport.Import(Path.Combine(TestData.Examples, "james.yaml"), Options).Profiles);
        var options = Options with { PatientId = "james", StoredProfile = id => id == "james" ? stored : null };

        // readings-a.csv is new; then the same file again: every row is a reading already stored.
        var first = HealthImport.Import(TestData.File("readings-a.csv"), options);
        var james = Assert.Single(first.Profiles);
        Assert.Equal(stored.Readings.Count + first.Counts.Accepted, james.Readings.Count);
        Assert.True(first.Counts.Accepted > 0);
        Assert.Equal(stored.Medication, james.Medication);
        Assert.Equal(stored.Conditions, james.Conditions);
        Assert.Equal(stored.Labs, james.Labs);
        Assert.Equal(stored.Name, james.Name);
        Assert.Contains(first.Notes, n => n.Contains("added to the stored patient 'james'", StringComparison.Ordinal));

        var again = HealthImport.Import(TestData.File("readings-a.csv"), options with { StoredProfile = _ => james });
        Assert.Equal(0, again.Counts.Accepted);
        Assert.Equal(first.Counts.Accepted, again.Counts.Rejected[RejectionReason.Duplicate]);
        Assert.All(again.Problems, p => Assert.Contains("duplicate of a stored reading", p.Problem, StringComparison.Ordinal));
        Assert.Equal(james.Readings.Count, Assert.Single(again.Profiles).Readings.Count);
    }
}
