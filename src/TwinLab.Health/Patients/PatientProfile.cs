using TwinLab.Health.Pharmacology;

namespace TwinLab.Health.Patients;

/// <summary>Everything known about one person: who they are, their conditions, labs, medication history and readings.</summary>
/// <remarks>Immutable; importers build it, the twin stores it, calibration and recommendation read it.</remarks>
public sealed record PatientProfile
{
    /// <summary>Stable id (the FHIR Patient id or the profile's <c>id</c>); also the twin id's suffix.</summary>
    public required string Id { get; init; }

    /// <summary>Display name, if any.</summary>
    public string? Name { get; init; }

    /// <summary>Date of birth, if known.</summary>
    public DateOnly? BirthDate { get; init; }

    /// <summary>Administrative sex.</summary>
    public Sex Sex { get; init; }

    /// <summary>Conditions, current and past.</summary>
    public IReadOnlyList<Condition> Conditions { get; init; } = [];

    /// <summary>Laboratory values and vital signs, oldest first.</summary>
    public IReadOnlyList<LabResult> Labs { get; init; } = [];

    /// <summary>Regimens taken, oldest first; the last without an end is the current one.</summary>
    public IReadOnlyList<RegimenPeriod> Medication { get; init; } = [];

    /// <summary>Accepted blood-pressure readings, oldest first.</summary>
    public IReadOnlyList<BpReading> Readings { get; init; } = [];

    /// <summary>The regimen taken now (no end date), or <see cref="Regimen.None"/>.</summary>
    public Regimen CurrentRegimen => Medication.LastOrDefault(p => p.End is null)?.Regimen ?? Regimen.None;

    /// <summary>Age in whole years on a day; null when the birth date is unknown.</summary>
    public int? AgeOn(DateOnly day)
    {
        if (BirthDate is not { } birth) return null;
        var age = day.Year - birth.Year;
        if (day < birth.AddYears(age)) age--;
        return age;
    }

    /// <summary>Whether the person has a condition that is active.</summary>
    public bool Has(ConditionKind kind) => Conditions.Any(c => c.Kind == kind && c.Active);

    /// <summary>Whether the person ever had a condition (active or not): angioedema counts for life.</summary>
    public bool EverHad(ConditionKind kind) => Conditions.Any(c => c.Kind == kind);

    /// <summary>The latest value of a lab, or null.</summary>
    public LabResult? Latest(LabKind kind) => Labs.Where(l => l.Kind == kind).MaxBy(l => l.Time);
}
