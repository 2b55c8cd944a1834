using TwinLab.Health.Ingest;
using TwinLab.Health.Patients;
using TwinLab.Health.Pharmacology;

namespace TwinLab.Health.Tests.Ingest;

public sealed class YamlProfileReaderTests
{
    private static readonly HealthImportOptions Options = new();

    [Fact]
    public void Read_FullProfile_ReadsEveryField()
    {
        var yaml = YamlProfileReader.Read(TestData.File("profile.yaml"), Options);
        var p = yaml.Profile;

        Assert.Equal(("test-patient", "Test Patient", new DateOnly(1970, 5, 20), Sex.Female), (p.Id, p.Name, p.BirthDate, p.Sex));
        Assert.True(p.Has(ConditionKind.ChronicKidneyDisease));
        Assert.False(p.Has(ConditionKind.Angioedema));
        Assert.True(p.EverHad(ConditionKind.Angioedema));
        Assert.Equal(4.8, p.Latest(LabKind.Potassium)!.Value);
        Assert.Equal(1.2 * 88.4, p.Latest(LabKind.Creatinine)!.Value, 6);
        Assert.Equal(2, p.Medication.Count);
        Assert.Equal(Regimen.Parse("amlodipine 5mg + indapamide 2.5mg"), p.CurrentRegimen);
        Assert.Equal(new DateOnly(2026, 3, 1), p.Medication[0].End);
        Assert.Equal(["readings-a.csv", "readings-b.csv"], yaml.ReadingFiles.Select(Path.GetFileName));
    }

    [Fact]
    public void Parse_HypertensionListedAsCondition_IsAcceptedAndChangesNoRule()
    {
        var yaml = YamlProfileReader.Parse("id: x\nconditions:\n  - hypertension\n  - Type 2 diabetes\n  - { name: Essential hypertension, onset: 2019-01-01 }\n", "x.yaml", Options);

        var condition = Assert.Single(yaml.Profile.Conditions);
        Assert.Equal(ConditionKind.Diabetes, condition.Kind);
    }

    [Theory]
    [InlineData("id: x\nmedication:\n  - { regimen: amlodipin 5mg, start: 2026-01-01 }\n", 3, "medication[0].regimen", "unknown drug 'amlodipin'")]
    [InlineData("id: x\nmedication:\n  - regimen: amlodipine five\n    start: 2026-01-01\n", 3, "medication[0].regimen", "amlodipine five")]
    [InlineData("id: x\nmedication:\n  - { regimen: amlodipine 5mg }\n", 3, "medication[0].start", "is missing")]
    [InlineData("id: x\nmedication:\n  - { regimen: amlodipine 5mg, start: 2026-01-01 }\n  - { regimen: losartan 50mg, start: 2026-02-01 }\n", 4, "medication[1]", "still taken")]
    [InlineData("id: x\nmedication:\n  - { regimen: amlodipine 5mg, start: 2026-01-01, end: 2025-12-01 }\n", 3, "medication[0].end", "not after the start")]
    [InlineData("id: x\nconditions:\n  - diabetes\n  - lupus\n", 4, "conditions[1]", "unknown condition 'lupus'")]
    [InlineData("id: x\nbirth_date: 14/03/1980\n", 2, "birth_date", "not a date")]
    [InlineData("id: x\nsex: yes please\n", 2, "sex", "not one of")]
    [InlineData("id: x\nlabs:\n  - { kind: sodium, value: 140, date: 2026-01-01 }\n", 3, "labs[0].kind", "unknown lab 'sodium'")]
    [InlineData("id: x\nlabs:\n  - { kind: potassium, value: 46, date: 2026-01-01 }\n", 3, "labs[0].value", "outside the plausible")]
    [InlineData("id: x\nmedicaton: []\n", 2, "medicaton", "unknown key")]
    [InlineData("name: no id\n", 1, "id", "is missing")]
    [InlineData("id: x\nreadings:\n  - missing.csv\n", 3, "readings[0]", "does not exist")]
    [InlineData("id: x\nconditions: [asthma\nname: y\n", 2, "", "not valid YAML")]
    public void Parse_BadProfile_ThrowsAtLineWithField(string text, int line, string field, string problem)
    {
        var e = Assert.Throws<HealthInputException>(() => YamlProfileReader.Parse(text, "p.yaml", Options));

        Assert.Equal(line, e.Line);
        Assert.Equal(field, e.Field);
        Assert.Contains(problem, e.Problem, StringComparison.Ordinal);
        Assert.StartsWith($"p.yaml:{line}:", e.Message, StringComparison.Ordinal);
    }
}
