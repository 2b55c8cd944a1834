using System.Globalization;

namespace TwinLab.Health.Pharmacology;

/// <summary>One drug of a regimen at its daily dose.</summary>
/// <param name="Drug">The drug.</param>
/// <param name="DoseMg">Total daily dose in mg.</param>
public sealed record RegimenItem(Drug Drug, double DoseMg)
{
    /// <summary>The dose as a multiple of the drug's standard dose.</summary>
    public double RelativeDose => Drug.RelativeDose(DoseMg);

    /// <summary>The item as the regimen syntax writes it: <c>amlodipine 5mg</c>.</summary>
    public override string ToString() => $"{Drug.Name} {DoseMg.ToString("0.###", CultureInfo.InvariantCulture)}mg";
}
