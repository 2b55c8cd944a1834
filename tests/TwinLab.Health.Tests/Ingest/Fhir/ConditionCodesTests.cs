using TwinLab.Health.Ingest.Fhir;
using TwinLab.Health.Patients;

namespace TwinLab.Health.Tests.Ingest.Fhir;

public sealed class ConditionCodesTests
{
    [Theory]
    [InlineData("E11.9", ConditionKind.Diabetes)]
    [InlineData("N18.4", ConditionKind.ChronicKidneyDisease)]
    [InlineData("I50.9", ConditionKind.HeartFailure)]
    [InlineData("J45.909", ConditionKind.Asthma)]
    [InlineData("M1A.071", ConditionKind.Gout)]
    [InlineData("O10.011", ConditionKind.Pregnancy)]
    [InlineData("O9A.111", ConditionKind.Pregnancy)]
    [InlineData("T78.3XXA", ConditionKind.Angioedema)]
    [InlineData("I25.10", ConditionKind.CoronaryHeartDisease)]
    [InlineData("R00.1", ConditionKind.Bradycardia)]
    [InlineData("I44.2", ConditionKind.Bradycardia)]
    [InlineData("I70.1", ConditionKind.RenalArteryStenosis)]
    public void FromIcd10_KnownCategory_MapsToKind(string code, ConditionKind kind) => Assert.Equal(kind, ConditionCodes.FromIcd10(code));

    [Theory]
    [InlineData("I10")]
    [InlineData("R00.0")]
    [InlineData("E78.5")]
    public void FromIcd10_OtherCode_IsNull(string code) => Assert.Null(ConditionCodes.FromIcd10(code));

    [Theory]
    [InlineData("46635009", ConditionKind.Diabetes)]
    [InlineData("431857002", ConditionKind.ChronicKidneyDisease)]
    [InlineData("42343007", ConditionKind.HeartFailure)]
    [InlineData("77386006", ConditionKind.Pregnancy)]
    [InlineData("22298006", ConditionKind.CoronaryHeartDisease)]
    [InlineData("48867003", ConditionKind.Bradycardia)]
    [InlineData("302233006", ConditionKind.RenalArteryStenosis)]
    public void FromSnomed_KnownConcept_MapsToKind(string code, ConditionKind kind) => Assert.Equal(kind, ConditionCodes.FromSnomed(code));

    [Theory]
    [InlineData("Angioedema due to ACE inhibitor", ConditionKind.Angioedema)]
    [InlineData("Type II diabetes mellitus", ConditionKind.Diabetes)]
    [InlineData("Prediabetes", null)]
    [InlineData("Essential hypertension", null)]
    public void FromText_Keywords_MapToKind(string text, ConditionKind? kind) => Assert.Equal(kind, ConditionCodes.FromText(text));
}
