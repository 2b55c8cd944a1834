using TwinLab.Health.Patients;
using TwinLab.Health.Pharmacology;

namespace TwinLab.Health.Synthetic;

/// <summary>One made-up example patient with the truth behind their readings.</summary>
/// <param name="Id">Patient id.</param>
/// <param name="Name">Display name (invented).</param>
/// <param name="BirthDate">Date of birth.</param>
/// <param name="Sex">Sex.</param>
/// <param name="Physiology">The true untreated home BP and per-class sensitivities the readings were made with.</param>
/// <param name="Medication">The true medication history.</param>
/// <param name="MeanPulse">Mean resting pulse, beats/min.</param>
/// <param name="FirstDay">First day of twice-daily home readings.</param>
/// <param name="Days">Days of twice-daily home readings.</param>
public sealed record ExamplePatient(
    string Id, string Name, DateOnly BirthDate, Sex Sex, PatientPhysiology Physiology, IReadOnlyList<RegimenPeriod> Medication,
    double MeanPulse, DateOnly FirstDay, int Days);
