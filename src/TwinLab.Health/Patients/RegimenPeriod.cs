using TwinLab.Health.Pharmacology;

namespace TwinLab.Health.Patients;

/// <summary>A regimen taken from one day up to (not including) another.</summary>
/// <param name="Regimen">The drugs and doses.</param>
/// <param name="Start">First day taken.</param>
/// <param name="End">First day no longer taken; null while current.</param>
/// <param name="Source">Where it came from.</param>
public sealed record RegimenPeriod(Regimen Regimen, DateOnly Start, DateOnly? End, string Source)
{
    /// <summary>Whether the regimen was taken on a day.</summary>
    public bool Covers(DateOnly day) => day >= Start && (End is null || day < End);
}
