using TwinLab.Health.Pharmacology;

namespace TwinLab.Health.Safety;

/// <summary>Class names as a clinician writes them in an explanation.</summary>
internal static class ClinicalNames
{
    /// <summary>The class in words: <c>ACE inhibitor</c>, <c>thiazide-type diuretic</c>.</summary>
    public static string Of(DrugClass drugClass) => drugClass switch
    {
        DrugClass.Thiazide => "thiazide-type diuretic",
        DrugClass.BetaBlocker => "beta-blocker",
        DrugClass.AceInhibitor => "ACE inhibitor",
        DrugClass.Arb => "ARB",
        DrugClass.CalciumChannelBlocker => "calcium channel blocker",
        _ => throw new ArgumentOutOfRangeException(nameof(drugClass)),
    };

    /// <summary>The drugs of the regimen in some classes, named with their class: <c>lisinopril (ACE inhibitor)</c>.</summary>
    public static string Drugs(Regimen regimen, params DrugClass[] classes) =>
        string.Join(" and ", regimen.Items.Where(i => classes.Contains(i.Drug.Class)).Select(i => $"{i.Drug.Name} ({Of(i.Drug.Class)})"));

    /// <summary>Whether the regimen holds a drug of a class.</summary>
    public static bool HasClass(this Regimen regimen, DrugClass drugClass) => regimen.Items.Any(i => i.Drug.Class == drugClass);

    /// <summary>Whether the regimen holds an ACE inhibitor or an ARB (a renin–angiotensin system blocker).</summary>
    public static bool HasRasBlocker(this Regimen regimen) => regimen.HasClass(DrugClass.AceInhibitor) || regimen.HasClass(DrugClass.Arb);
}
