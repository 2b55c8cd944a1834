using TwinLab.Fuzz.Tests.Harness;
using TwinLab.Health.Ingest;
using TwinLab.Health.Ingest.Fhir;
using Xunit.Abstractions;

namespace TwinLab.Fuzz.Tests.Parsers;

/// <summary>The hypertension twin's imports: FHIR R4 bundles and resources (<see cref="FhirPatientReader"/>), home
/// blood-pressure CSV exports (<see cref="BpCsvReader"/>) and patient profile YAML (<see cref="YamlProfileReader"/>).</summary>
public sealed class HealthFuzz(ITestOutputHelper output)
{
    private static readonly HealthImportOptions Options = new() { Now = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero) };

    [Fact, Trait("Parser", "fhir")]
    public void AnyFhirDocument_IsReadOrReportedAsAProblem()
    {
        var seeds = Corpus.Files("examples/health/maria-fhir/*.json", "tests/TwinLab.Health.Tests/Data/fhir/*.json", "tests/TwinLab.Health.Tests/Data/fhir/singles/*.json");
        new Fuzzer(output).Check("fhir", Inputs.Json(seeds), 100, text => new FhirPatientReader().ReadTexts([("fuzz.json", text)]));
    }

    [Fact, Trait("Parser", "bp-csv")]
    public void AnyBloodPressureCsv_IsReadOrReportsTheLine()
    {
        var seeds = Corpus.Files("examples/health/*.csv", "examples/health/maria-fhir/*.csv", "tests/TwinLab.Health.Tests/Data/*.csv");
        new Fuzzer(output).Check("bp-csv", Inputs.Csv(seeds), 500, text => BpCsvReader.Parse(text, "fuzz.csv", Options));
    }

    [Fact, Trait("Parser", "health-profile-yaml")]
    public void AnyProfile_IsReadOrReportsTheLine()
    {
        var seeds = Corpus.Files("examples/health/*.yaml", "tests/TwinLab.Health.Tests/Data/profile.yaml");
        new Fuzzer(output).Check("health-profile-yaml", Inputs.Yaml(seeds), 500, text => YamlProfileReader.Parse(text, "fuzz.yaml", Options));
    }
}
