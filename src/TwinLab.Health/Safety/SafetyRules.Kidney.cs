using TwinLab.Health.Patients;
using TwinLab.Health.Pharmacology;

namespace TwinLab.Health.Safety;

public static partial class SafetyRules
{
    /// <summary>Below this eGFR (mL/min/1.73 m², CKD stage 4) thiazides lose effect and ACE inhibitors/ARBs need close monitoring (BNF; KDIGO).</summary>
    internal const double SevereKidneyDisease = 30;

    // The thiazide-like drugs that keep an effect at low eGFR: chlorthalidone lowered 24-h SBP by about 11 mmHg at eGFR
    // 15–30 in CLICK (Agarwal R et al., NEJM 2021;385:2507); indapamide keeps effect in renal impairment (BNF).
    private static readonly string[] ThiazideLikeKeepingEffect = ["chlorthalidone", "indapamide"];

    private static void CheckKidney(Regimen regimen, PatientProfile patient, PatientLabs labs, List<SafetyFinding> findings)
    {
        if (labs.Egfr() is not { } egfr || egfr.Value >= SevereKidneyDisease) return;
        foreach (var item in regimen.Items.Where(i => i.Drug.Class == DrugClass.Thiazide))
        {
            var keeps = ThiazideLikeKeepingEffect.Contains(item.Drug.Name);
            findings.Add(new SafetyFinding(
                "thiazide-with-egfr-below-30",
                SafetySeverity.Caution,
                $"{item} with {egfr.Description} (below 30): thiazide-type diuretics are less effective in severe kidney disease" +
                (keeps
                    ? $"; {item.Drug.Name} keeps some effect (CLICK), but watch sodium, potassium and creatinine."
                    : "; chlorthalidone or indapamide keep some effect, or a loop diuretic may be needed."),
                SafetySources.Of(SafetySources.Bnf, SafetySources.Click, SafetySources.CkdEpi2021)));
        }
        if (regimen.HasRasBlocker())
        {
            findings.Add(new SafetyFinding(
                "acei-or-arb-with-egfr-below-30",
                SafetySeverity.Caution,
                $"{ClinicalNames.Drugs(regimen, DrugClass.AceInhibitor, DrugClass.Arb)} with {egfr.Description} (below 30): start low, check " +
                "potassium and creatinine before starting, after 1–2 weeks and after each dose rise; stop if creatinine rises by more than 30% " +
                "or potassium exceeds 6.0 mmol/L.",
                SafetySources.Of(SafetySources.NiceNg136, SafetySources.Bnf, SafetySources.CkdEpi2021)));
        }
    }

    // ACE inhibitors, ARBs and thiazides change potassium and kidney function: NICE NG136 asks for urea, electrolytes and
    // creatinine/eGFR before starting and 1–2 weeks after starting or raising the dose (BNF monitoring advice likewise);
    // ACC/AHA 2017 recommends electrolytes and creatinine at baseline. A result older than 12 months is treated as absent
    // (an assumption of what "recent" means; NICE NG136 asks for yearly review).
    private static void CheckMonitoring(Regimen regimen, PatientLabs labs, DateOnly today, List<SafetyFinding> findings)
    {
        if (!regimen.HasRasBlocker() && !regimen.HasClass(DrugClass.Thiazide)) return;
        var missing = new List<string>();
        if (!labs.MeasuredInLastYear(LabKind.Potassium)) missing.Add("potassium");
        if (!labs.MeasuredInLastYear(LabKind.Creatinine) && !labs.MeasuredInLastYear(LabKind.Egfr)) missing.Add("kidney function (creatinine/eGFR)");
        if (missing.Count == 0) return;
        findings.Add(new SafetyFinding(
            "monitoring-labs-missing",
            SafetySeverity.Caution,
            $"{ClinicalNames.Drugs(regimen, DrugClass.AceInhibitor, DrugClass.Arb, DrugClass.Thiazide)}: no {string.Join(" or ", missing)} " +
            $"result in the 12 months to {today:yyyy-MM-dd}; these drugs change potassium and kidney function — check before starting and 1–2 weeks after.",
            SafetySources.Of(SafetySources.NiceNg136, SafetySources.AccAha2017, SafetySources.Bnf)));
    }
}
