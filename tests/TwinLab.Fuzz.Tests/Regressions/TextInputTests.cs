using CsvHelper;
using TwinLab.ContactCenter.Ingest;
using TwinLab.Core.Errors;
using TwinLab.Core.Models;
using TwinLab.Fuzz.Tests.Harness;
using TwinLab.Health.Ingest.Fhir;
using TwinLab.Sync.Ingest;
using TwinLab.Sync.Mapping;

namespace TwinLab.Fuzz.Tests.Regressions;

/// <summary>The minimal inputs of the YAML, CSV, FHIR, DTDL and payload bugs the fuzzer found, each now a clear error.</summary>
public sealed class TextInputTests
{
    [Fact]
    public void YamlDocumentEndInsideAnUnclosedFlow_IsRefusedInsteadOfHanging()
    {
        // Was: a hang (YamlText's error-position scan looped forever on the scanner's repeated tokens).
        const string yaml = "a: 1\n...\ns x: 0.2\nshifts:\n  early: { days: mon-fri, breaks: [{ start: \"11:30\", minutes:";
        TwinLabException? error = null;
        ParserProperty.Holds(yaml, () => error = Assert.ThrowsAny<TwinLabException>(() => RosterFile.Parse(yaml, "roster.yaml")));
        Assert.StartsWith("roster.yaml:", error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MappingWithAnUnclosedFlow_IsAMappingFileError()
    {
        // Was: InvalidOperationException ("Operation is not valid due to the current state of the object") from YamlDotNet.
        // The fuzzer's input: the drift example with a copy of itself spliced into an open flow mapping.
        var seed = Corpus.Files("examples/drift/rooms.yaml")[0];
        var open = seed.IndexOf("mean: { p", StringComparison.Ordinal) + "mean: { p".Length;
        var yaml = seed[..open] + seed[1..];
        var error = Assert.ThrowsAny<TwinLabException>(() => MessageMapping.Parse(yaml, "m.yaml"));
        Assert.StartsWith("m.yaml:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InteractionLogWithTensOfThousandsOfColumns_IsRefused()
    {
        // Was: 277 MB allocated for a 41 KB file.
        var csv = "arrival,channel" + new string(',', 40_000) + "\n2024-01-02 09:00,phone\n";
        TwinLabException? error = null;
        ParserProperty.Holds(csv, () => error = Assert.Throws<TwinLabException>(() =>
            InteractionLog.ReadWith(o => CsvReader.FromText(csv, o), "log.csv", ColumnMap.Default, new ImportOptions())));
        Assert.Contains("at most 1,000", error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FhirPatientWithAMisshapenName_IsReportedAndSkipped()
    {
        // Was: CodedValidationException escaping from the partial Patient ("family" must be a string).
        const string json = """{"resourceType":"Patient","id":"sam","name":[{"given":["Sam"],"family":[0,1]}],"birthDate":"1970-01-01"}""";
        var result = new FhirPatientReader().ReadTexts([("p.json", json)]);
        Assert.Empty(result.Profiles);
        Assert.Contains(result.Problems, p => p.Problem.Contains("this patient was not imported", StringComparison.Ordinal));
    }

    [Fact]
    public void DtdlWithALoneSurrogate_IsAJsonSyntaxError()
    {
        // Was: InvalidOperationException from JsonElement.GetString inside the DTDL reader.
        const string json = """{"@context":"dtmi:dtdl:context;3","@id":"dtmi:a:b;1","@type":"Interface","displayName":"\ud800"}""";
        var error = Assert.Throws<DtdlValidationException>(() => DtdlParser.Parse([new DtdlSource(json, "a.json")], ModelSet.Empty));
        Assert.Contains("surrogate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PayloadWithALoneSurrogate_IsAPoisonMessage()
    {
        // Was: InvalidOperationException from ValueSpec.ToNumber (the pipeline would have stopped, not dead-lettered).
        var mapping = MessageMapping.Load(Path.Combine(Corpus.Root, "examples", "sync", "hq-mqtt.yaml"));
        var message = new InboundMessage("mqtt", "hq/0/001/climate", "{\"ts\":1795508101049,\"tempF\":67.2,\"occupancy\":\"\\ud800\"}"u8.ToArray(), "0", DateTimeOffset.UnixEpoch);
        var error = Assert.Throws<MappingException>(() => mapping.Map(message));
        Assert.Contains("surrogate", error.Message, StringComparison.Ordinal);
        mapping.KeyOf(message);
    }

    [Fact]
    public void FhirResourceWithAnEmptyPropertyName_IsReportedAsAProblem()
    {
        // Was: IndexOutOfRangeException from the FHIR library.
        const string json = """{"resourceType":"MedicationStatement","id":"m","status":"active","dosage":[{"doseAndRate":[{"doseQuantity":{"value":0.5,"":{"a":1}}}]}]}""";
        var result = new FhirPatientReader().ReadTexts([("m.json", json)]);
        Assert.Contains(result.Problems, p => p.Problem.Contains("empty name", StringComparison.Ordinal));
    }

    [Fact]
    public void YamlListItemWithAnEmptyKey_IsAFileError()
    {
        // Was: ArgumentException ("The current event is of an unsupported type") from YamlDotNet's model.
        const string yaml = "id: aisha\nconditions:\n  - : 202asthma\n";
        var error = Assert.ThrowsAny<TwinLabException>(() => Health.Ingest.YamlProfileReader.Parse(yaml, "p.yaml", new Health.Ingest.HealthImportOptions()));
        Assert.StartsWith("p.yaml:", error.Message, StringComparison.Ordinal);
        Assert.StartsWith("m.yaml:", Assert.ThrowsAny<TwinLabException>(() => MessageMapping.Parse("rules:\n  - : x\n", "m.yaml")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FhirConditionWithAMisshapenSubject_IsReportedAndSkipped()
    {
        // Was: CodedValidationException from the partial Condition's subject.
        const string patient = """{"resourceType":"Patient","id":"sam","birthDate":"1970-01-01"}""";
        const string condition = """{"resourceType":"Condition","id":"c","code":{"text":"asthma"},"subject":[0,0]}""";
        var result = new FhirPatientReader().ReadTexts([("p.json", patient), ("c.json", condition)]);
        Assert.Single(result.Profiles);
        Assert.Contains(result.Problems, p => p.Problem.Contains("this resource was not imported", StringComparison.Ordinal));
    }

    [Fact]
    public void FhirCodingThatIsNull_IsSkipped()
    {
        // Found by the longer run: "coding": [null] in an observation's component was a NullReferenceException.
        const string patient = """{"resourceType":"Patient","id":"sam","birthDate":"1970-01-01"}""";
        const string bp = """{"resourceType":"Observation","id":"o","status":"final","code":{"coding":[null,{"system":"http://loinc.org","code":"85354-9"}]},"subject":{"reference":"Patient/sam"},"effectiveDateTime":"2024-02-01T08:00:00Z","component":[{"code":{"coding":[null]},"valueQuantity":{"value":120,"unit":"mm[Hg]"}}]}""";
        var result = new FhirPatientReader().ReadTexts([("p.json", patient), ("o.json", bp)]);
        Assert.Single(result.Profiles);
    }

    [Fact]
    public void FhirResourceWhoseIdIsANumber_IsReportedAndTheFileSkipped()
    {
        // Was: CodedValidationException ("Expected property to be a id, but found a Decimal") from the partial resource.
        const string json = """{"resourceType":"Condition","id":5,"code":{"text":"asthma"},"subject":{"reference":"Patient/sam"}}""";
        var result = new FhirPatientReader().ReadTexts([("c.json", json)]);
        Assert.Empty(result.Profiles);
        Assert.NotEmpty(result.Problems);
    }
}
