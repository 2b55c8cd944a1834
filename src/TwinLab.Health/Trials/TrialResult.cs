using System.Globalization;
using System.Text;
using TwinLab.Health.Pharmacology;

namespace TwinLab.Health.Trials;

/// <summary>What a virtual trial showed, arm by arm, and how it was run.</summary>
/// <param name="Arms">The arms in the order given.</param>
/// <param name="PlaceboArm">Index of the placebo arm (the first <see cref="Regimen.None"/>), or null when there is none.</param>
/// <param name="PerArm">People randomised to each arm.</param>
/// <param name="Weeks">Weeks of treatment between the baseline and final visits.</param>
/// <param name="Seed">The seed; the same seed gives the same result at any thread count.</param>
/// <param name="Options">The design.</param>
public sealed record TrialResult(IReadOnlyList<TrialArm> Arms, int? PlaceboArm, int PerArm, int Weeks, ulong Seed, VirtualTrialOptions Options)
{
    /// <summary>The first arm that took <paramref name="regimen"/>.</summary>
    /// <exception cref="KeyNotFoundException">No arm took it.</exception>
    public TrialArm Arm(Regimen regimen) =>
        Arms.FirstOrDefault(a => a.Regimen.Equals(regimen)) ?? throw new KeyNotFoundException($"No arm took '{regimen}'.");

    /// <summary>What the trial assumed, in words, for reports.</summary>
    public string Design => string.Create(CultureInfo.InvariantCulture,
        $"{Arms.Count} arms × {PerArm:N0} people, {Weeks} weeks, seed {Seed}; clinic BP (mean of {Options.ReadingsPerVisit} readings) at baseline and at the end; "
        + $"population pretreatment {Options.Population.PretreatmentClinicMean} (SD {Options.Population.PretreatmentClinicSd}) mmHg; "
        + $"placebo response {Options.PlaceboResponse} mmHg in every arm; {Options.Confidence * 100:0.#}% intervals (Welch for placebo-adjusted).");

    /// <summary>A plain-text table of the arms: change from baseline, placebo-adjusted reduction, Law 2003's value.</summary>
    public string ToTable()
    {
        var text = new StringBuilder();
        text.AppendLine(Design);
        text.AppendLine("arm | n | change SBP | change DBP | placebo-adjusted SBP | placebo-adjusted DBP | Law 2003");
        foreach (var arm in Arms)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"{arm.Label} | {arm.Participants} | {arm.SystolicChange} | {arm.DiastolicChange} | ");
            text.Append(CultureInfo.InvariantCulture,
                $"{(arm.SystolicReduction?.ToString() ?? "—")} | {(arm.DiastolicReduction?.ToString() ?? "—")} | {(arm.Published?.ToString() ?? "—")}");
            text.AppendLine();
        }
        return text.ToString();
    }
}
