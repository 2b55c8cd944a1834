using System.Globalization;
using TwinLab.Health.Patients;
using TwinLab.Health.Pharmacology;

namespace TwinLab.Health.Safety;

public static partial class SafetyRules
{
    /// <summary>Above this potassium (mmol/L) an ACE inhibitor or ARB is not started (NICE NG136; ACC/AHA 2017 text: hyperkalaemia).</summary>
    internal const double HighPotassium = 5.0;

    /// <summary>Below this potassium (mmol/L) a thiazide needs caution: hypokalaemia (lower limit of the usual 3.5–5.0 range; BNF).</summary>
    internal const double LowPotassium = 3.5;

    /// <summary>Below this potassium (mmol/L) a thiazide is not started until it is corrected (moderate hypokalaemia; BNF). An assumption of where "correct first" begins.</summary>
    internal const double VeryLowPotassium = 3.0;

    private static void CheckPotassium(Regimen regimen, PatientLabs labs, List<SafetyFinding> findings)
    {
        if (labs.Latest(LabKind.Potassium) is not { } potassium) return;
        var value = $"potassium {PatientLabs.Format(potassium.Value)} mmol/L on {DateOnly.FromDateTime(potassium.Time.DateTime):yyyy-MM-dd}";
        if (regimen.HasRasBlocker() && potassium.Value > HighPotassium)
        {
            findings.Add(new SafetyFinding(
                "acei-or-arb-with-high-potassium",
                SafetySeverity.Excluded,
                $"{ClinicalNames.Drugs(regimen, DrugClass.AceInhibitor, DrugClass.Arb)} with {value} (above {HighPotassium.ToString("0.0", CultureInfo.InvariantCulture)}): ACE inhibitors " +
                "and ARBs raise potassium further; find and treat the cause before considering them.",
                SafetySources.Of(SafetySources.NiceNg136, SafetySources.AccAha2017, SafetySources.Labels)));
        }
        if (regimen.HasClass(DrugClass.Thiazide) && potassium.Value < LowPotassium)
        {
            var veryLow = potassium.Value < VeryLowPotassium;
            findings.Add(new SafetyFinding(
                veryLow ? "thiazide-with-very-low-potassium" : "thiazide-with-low-potassium",
                veryLow ? SafetySeverity.Excluded : SafetySeverity.Caution,
                $"{ClinicalNames.Drugs(regimen, DrugClass.Thiazide)} with {value} (below {(veryLow ? VeryLowPotassium : LowPotassium).ToString("0.0", CultureInfo.InvariantCulture)}): " +
                "thiazides lower potassium further" + (veryLow
                    ? "; correct the hypokalaemia before starting."
                    : "; correct it or combine with an ACE inhibitor or ARB, and recheck in 1–2 weeks."),
                SafetySources.Of(SafetySources.Bnf, SafetySources.NiceNg136)));
        }
    }
}
