using TwinLab.Health.Patients;
using TwinLab.Health.Pharmacology;

namespace TwinLab.Health.Safety;

public static partial class SafetyRules
{
    /// <summary>Below this resting heart rate (beats/min) a beta-blocker is not started (labels: contraindicated in sinus bradycardia; BNF: avoid if marked bradycardia).</summary>
    internal const double Bradycardia = 50;

    /// <summary>Below this resting heart rate (beats/min) a beta-blocker needs caution (60 is the usual lower limit of normal; an assumption of where caution starts).</summary>
    internal const double LowNormalHeartRate = 60;

    private static void CheckHeartRate(Regimen regimen, PatientProfile patient, PatientLabs labs, List<SafetyFinding> findings)
    {
        if (!regimen.HasClass(DrugClass.BetaBlocker)) return;
        var drugs = ClinicalNames.Drugs(regimen, DrugClass.BetaBlocker);
        var sources = SafetySources.Of(SafetySources.Labels, SafetySources.Bnf, SafetySources.EscEsh2018);
        if (patient.Has(ConditionKind.Bradycardia))
        {
            findings.Add(new SafetyFinding(
                "beta-blocker-with-bradycardia",
                SafetySeverity.Excluded,
                $"{drugs} with bradycardia or heart block ({Describe(patient, ConditionKind.Bradycardia)}): beta-blockers slow the heart " +
                "and AV conduction further and can cause symptomatic bradycardia or complete heart block.",
                sources));
            return;
        }
        if (labs.HeartRate() is not { } rate) return;
        if (rate.Value < Bradycardia)
        {
            findings.Add(new SafetyFinding(
                "beta-blocker-with-heart-rate-below-50",
                SafetySeverity.Excluded,
                $"{drugs} with {rate.Description} (below 50): beta-blockers slow the heart further; contraindicated in marked bradycardia.",
                sources));
        }
        else if (rate.Value < LowNormalHeartRate)
        {
            findings.Add(new SafetyFinding(
                "beta-blocker-with-heart-rate-50-59",
                SafetySeverity.Caution,
                $"{drugs} with {rate.Description} (50–59): beta-blockers slow the heart further; start low and recheck the pulse, " +
                "stop or reduce if it falls below 50 or there is dizziness.",
                sources));
        }
    }
}
