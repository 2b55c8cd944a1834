using TwinLab.Core.Application;
using TwinLab.Core.Twins;
using TwinLab.Health.Ingest;
using TwinLab.Health.Models;
using TwinLab.Health.Patients;
using TwinLab.Health.Pharmacology;
using TwinLab.Health.Tests.Ingest;
using TwinLab.Health.Twin;

namespace TwinLab.Health.Tests.Twin;

public sealed class HealthTwinStoreTests : IDisposable
{
    private static readonly HealthImportOptions Options = new() { Now = new DateTimeOffset(2026, 11, 27, 0, 0, 0, TimeSpan.Zero) };
    private static readonly Lazy<PatientProfile> James = new(() => HealthImport.Import(Path.Combine(TestData.Examples, "james.yaml"), Options).Profiles[0]);

    private readonly TwinService _service = new(new InMemoryTwinStore());
    private readonly HealthTwinStore _store;

    public HealthTwinStoreTests() => _store = new HealthTwinStore(_service);

    public void Dispose() => _service.Dispose();

    [Fact]
    public void Import_Profile_WritesTwinsRelationshipsAndTelemetry()
    {
        var james = James.Value;

        var write = _store.Import(james);

        Assert.Equal(4, write.ModelsImported);
        Assert.Equal(james.Readings.Count, write.ReadingsAppended);
        var snapshot = _service.SnapshotOf("main");
        var patient = snapshot.Twins["patient-james"];
        Assert.Equal(HealthModels.Patient, patient.ModelId);
        Assert.Equal("losartan 50mg", Property(patient, "currentRegimen").GetString());
        Assert.Equal(HealthModels.BloodPressureState, snapshot.Twins["patient-james-bp"].ModelId);
        Assert.Equal(james.Readings.Count, Property(snapshot.Twins["patient-james-bp"], "readingCount").GetInt32());
        var rels = snapshot.OutgoingOf("patient-james").ToList();
        Assert.Equal(1, rels.Count(r => r.Name == HealthModels.HasState));
        Assert.Equal(1, rels.Count(r => r.Name == HealthModels.HasCondition));
        Assert.Equal(2, rels.Count(r => r.Name == HealthModels.Takes));
        Assert.Equal(HealthModels.Medication, snapshot.Twins["patient-james-med-2-losartan"].ModelId);
        var telemetry = _service.ReadTelemetry("patient-james-bp", "systolic", DateTimeOffset.MinValue, DateTimeOffset.MaxValue);
        Assert.Equal(james.Readings.Count, telemetry.Count);
        Assert.Equal(james.Readings[0].Systolic, telemetry[0].Value.GetDouble());
        Assert.Equal(james.Readings[0].Time, telemetry[0].Timestamp);
    }

    private static System.Text.Json.JsonElement Property(Core.Twins.Twin twin, string name) =>
        twin.Properties.TryGetValue(name, out var p) ? p.Value : throw new InvalidOperationException($"no property {name}");

    [Fact]
    public void LoadProfile_AfterImport_GivesTheSameProfileBack()
    {
        var james = James.Value;
        _store.Import(james);

        var back = _store.LoadProfile("james")!;

        Assert.Equal(ProfileJson.Serialize(james), ProfileJson.Serialize(back));
        Assert.Equal(james.Readings, back.Readings);
        Assert.Equal(james.Conditions, back.Conditions);
        Assert.Equal(james.Labs, back.Labs);
        Assert.Equal(james.Medication.Select(m => (m.Regimen, m.Start, m.End)), back.Medication.Select(m => (m.Regimen, m.Start, m.End)));
        Assert.Equal(["james"], _store.ListPatients().Select(p => p.Id));
        Assert.Null(_store.LoadProfile("nobody"));
    }

    [Fact]
    public void Import_SameProfileAgain_AppendsNoReadings()
    {
        var james = James.Value;
        _store.Import(james);

        var again = _store.Import(james);

        Assert.Equal(0, again.ReadingsAppended);
        Assert.Equal(0, again.ModelsImported);
        Assert.Equal(james.Readings.Count, _service.ReadTelemetry("patient-james-bp", "systolic", DateTimeOffset.MinValue, DateTimeOffset.MaxValue).Count);
    }

    [Fact]
    public void Import_RegimenChanged_RemovesTheOldMedicationTwins()
    {
        var james = James.Value;
        _store.Import(james);
        var changed = james with { Medication = [new RegimenPeriod(Regimen.Parse("valsartan 80mg"), new DateOnly(2026, 6, 1), null, "test")] };

        var write = _store.Import(changed);

        Assert.Equal(2, write.TwinsRemoved);
        var snapshot = _service.SnapshotOf("main");
        Assert.False(snapshot.Twins.ContainsKey("patient-james-med-2-losartan"));
        Assert.True(snapshot.Twins.ContainsKey("patient-james-med-1-valsartan"));
        Assert.Equal("valsartan 80mg", _store.LoadProfile("james")!.CurrentRegimen.ToString());
    }

    [Fact]
    public void Import_OnBranch_LeavesMainAlone()
    {
        var james = James.Value;
        _service.CreateBranch("what-if");

        _store.Import(james, "what-if");

        Assert.False(_service.SnapshotOf("main").Twins.ContainsKey("patient-james"));
        Assert.True(_service.SnapshotOf("what-if").Twins.ContainsKey("patient-james"));
        Assert.Empty(_store.ListPatients());
        Assert.Equal(["james"], _store.ListPatients("what-if").Select(p => p.Id));
        Assert.NotNull(_store.LoadProfile("james", "what-if"));
        Assert.Null(_store.LoadProfile("james"));
    }

    [Fact]
    public void FromProfile_Conditions_CarryKindCodeAndActivity()
    {
        var profile = HealthImport.Import(TestData.File("profile.yaml"), Options).Profiles[0];

        var graph = HealthGraph.FromProfile(profile);

        var twins = graph["twins"]!.AsArray().Select(t => t!.AsObject()).ToList();
        var angioedema = twins.Single(t => t["kind"]?.GetValue<string>() == "angioedema");
        Assert.False(angioedema["active"]!.GetValue<bool>());
        Assert.Equal("2015-03-01", angioedema["onset"]!.GetValue<string>());
        Assert.Equal(4.8, twins[0]["potassium"]!.GetValue<double>());
        Assert.Equal("patient-test-patient", HealthGraph.PatientTwinId("Test.Patient"));
    }
}
