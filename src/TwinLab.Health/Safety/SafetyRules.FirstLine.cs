using TwinLab.Health.Patients;
using TwinLab.Health.Pharmacology;

namespace TwinLab.Health.Safety;

public static partial class SafetyRules
{
    private static void CheckFirstLine(Regimen regimen, PatientProfile patient, List<SafetyFinding> findings)
    {
        // Beta-blockers lower BP as much as the other classes (Law 2003) but prevent fewer strokes: atenolol-based
        // treatment had 16% more strokes than other drugs (Lindholm LH et al., Lancet 2005;366:1545). ACC/AHA 2017 and
        // NICE NG136 therefore name thiazides, ACE inhibitors, ARBs and CCBs as first-line and keep beta-blockers for a
        // compelling indication: heart failure with reduced ejection fraction or coronary heart disease.
        if (!regimen.HasClass(DrugClass.BetaBlocker)) return;
        if (patient.Has(ConditionKind.HeartFailure) || patient.Has(ConditionKind.CoronaryHeartDisease)) return;
        findings.Add(new SafetyFinding(
            "beta-blocker-without-compelling-indication",
            SafetySeverity.Caution,
            $"{ClinicalNames.Drugs(regimen, DrugClass.BetaBlocker)} without heart failure or coronary heart disease on record: " +
            "beta-blockers lower BP as much as other classes but prevent fewer strokes, so guidelines keep them for a compelling " +
            "indication and prefer a thiazide, ACE inhibitor, ARB or calcium channel blocker.",
            SafetySources.Of(SafetySources.AccAha2017, SafetySources.NiceNg136, "Lindholm LH et al., Lancet 2005;366:1545")));
    }
}
