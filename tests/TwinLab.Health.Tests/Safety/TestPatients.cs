using TwinLab.Health.Patients;

namespace TwinLab.Health.Tests.Safety;

/// <summary>Realistic people for the safety and side-effect tests.</summary>
internal static class TestPatients
{
    public static readonly DateOnly Today = new(2025, 3, 14);

    private static readonly DateTimeOffset LabTime = new(2025, 1, 20, 9, 30, 0, TimeSpan.FromHours(1));

    /// <summary>A 58-year-old man with normal labs from two months ago and no relevant conditions.</summary>
    public static PatientProfile Healthy() => new()
    {
        Id = "p-healthy",
        Name = "John Smith",
        BirthDate = new DateOnly(1966, 7, 2),
        Sex = Sex.Male,
        Labs =
        [
            Lab(LabKind.Potassium, 4.2),
            Lab(LabKind.Creatinine, 88),
            Lab(LabKind.Egfr, 84),
            Lab(LabKind.HeartRate, 72),
        ],
    };

    public static PatientProfile With(this PatientProfile patient, ConditionKind kind, string display, bool active = true) =>
        patient with { Conditions = [.. patient.Conditions, new Condition(kind, display, "http://snomed.info/sct|0", new DateOnly(2019, 5, 1), active)] };

    public static PatientProfile WithLab(this PatientProfile patient, LabKind kind, double value, DateTimeOffset? time = null) =>
        patient with { Labs = [.. patient.Labs.Where(l => l.Kind != kind), Lab(kind, value, time)] };

    public static PatientProfile WithoutLabs(this PatientProfile patient, params LabKind[] kinds) =>
        patient with { Labs = patient.Labs.Where(l => !kinds.Contains(l.Kind)).ToArray() };

    public static LabResult Lab(LabKind kind, double value, DateTimeOffset? time = null) =>
        new(kind, value, time ?? LabTime, "bundle.json#Observation/" + kind.ToString().ToLowerInvariant());
}
