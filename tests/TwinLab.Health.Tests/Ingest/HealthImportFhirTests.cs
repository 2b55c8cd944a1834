using TwinLab.Health.Ingest;
using TwinLab.Health.Patients;

namespace TwinLab.Health.Tests.Ingest;

public sealed class HealthImportFhirTests
{
    private static readonly HealthImportOptions Options = new() { Now = new DateTimeOffset(2026, 11, 27, 0, 0, 0, TimeSpan.Zero) };

    [Fact]
    public void Import_FhirReadings_PassTheSameChecksAsCsv()
    {
        var result = HealthImport.Import(TestData.File("fhir-checks.json"), Options);

        var p = Assert.Single(result.Profiles);
        Assert.Equal("fhir-test", p.Id);
        Assert.Equal(2, p.Readings.Count);
        Assert.Equal(6, result.Counts.Read);
        Assert.Equal(1, result.Counts.Rejected[RejectionReason.SystolicOutOfRange]);
        Assert.Equal(1, result.Counts.Rejected[RejectionReason.DiastolicNotBelowSystolic]);
        Assert.Equal(1, result.Counts.Rejected[RejectionReason.Duplicate]);
        Assert.Equal(1, result.Counts.Rejected[RejectionReason.InFuture]);
        var excluded = result.Problems.Where(x => x.Excluded).ToList();
        Assert.Contains(excluded, x => x.Location == "Observation/bp-400" && x.File.EndsWith("fhir-checks.json", StringComparison.Ordinal));
        Assert.Contains(excluded, x => x.Location == "Observation/bp-swapped");
        Assert.Contains(excluded, x => x.Location == "Observation/bp-dup" && x.Problem.Contains("Observation/bp-ok", StringComparison.Ordinal));
        Assert.Contains(excluded, x => x.Location == "Observation/bp-future");
        Assert.All(p.Readings, r => Assert.Equal(ReadingSetting.Home, r.Setting));
    }

    [Fact]
    public void Import_CsvDuplicatingAFhirReading_IsExcludedAcrossSources()
    {
        var result = HealthImport.Import([TestData.File("fhir-checks.json"), TestData.File("readings-fhir-test.csv")], Options with { PatientId = "fhir-test" });

        var p = Assert.Single(result.Profiles);
        Assert.Equal(3, p.Readings.Count);
        var dup = result.Problems.Where(x => x.File.EndsWith(".csv", StringComparison.Ordinal)).ToList();
        Assert.Equal("row 2", Assert.Single(dup).Location);
        Assert.Contains("Observation/bp-ok", dup[0].Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_MariaExampleFolder_ReadsBundleAndOmronCsvWithoutProblems()
    {
        var result = HealthImport.Import(Path.Combine(TestData.Examples, "maria-fhir"), Options);

        Assert.Empty(result.Problems);
        var p = Assert.Single(result.Profiles);
        Assert.Equal(("maria", Sex.Female, 58), (p.Id, p.Sex, p.AgeOn(new DateOnly(2026, 11, 20))));
        Assert.True(p.Has(ConditionKind.Diabetes));
        Assert.True(p.Has(ConditionKind.ChronicKidneyDisease));
        Assert.Equal(4.6, p.Latest(LabKind.Potassium)!.Value);
        Assert.Equal(55, p.Latest(LabKind.Egfr)!.Value);
        Assert.Equal(TwinLab.Health.Pharmacology.Regimen.Parse("amlodipine 5mg + lisinopril 10mg"), p.CurrentRegimen);
        Assert.Equal(new DateOnly(2026, 3, 2), p.Medication[0].Start);
        Assert.Equal(81, p.Readings.Count(r => r.Source.Contains("#Observation/", StringComparison.Ordinal)));
        Assert.Equal(11, p.Readings.Count(r => r.Setting == ReadingSetting.Clinic));
        Assert.InRange(p.Readings.Count(r => r.Source.Contains("maria-omron.csv", StringComparison.Ordinal)), 200, 224);
        Assert.Contains(result.Notes, n => n.Contains("attached to patient 'maria'", StringComparison.Ordinal));
    }

    [Fact]
    public void Import_WholeExamplesFolder_GivesThreePatients()
    {
        var result = HealthImport.Import(TestData.Examples, Options);

        Assert.Equal(["aisha", "james", "maria"], result.Profiles.Select(p => p.Id));
        Assert.Equal(6, result.Problems.Count);
        Assert.All(result.Problems, x => Assert.EndsWith("aisha-readings.csv", x.File, StringComparison.Ordinal));
    }
}
