using TwinLab.Health.Patients;
using TwinLab.Health.Pharmacology;

namespace TwinLab.Health.Safety;

public static partial class SafetyRules
{
    private static void CheckConditions(Regimen regimen, PatientProfile patient, List<SafetyFinding> findings)
    {
        // Angioedema, ever: ACE inhibitors are contraindicated after angioedema of any cause (labels; ACC/AHA 2017); ARBs
        // carry a smaller cross-risk and the labels warn against them after ACE-inhibitor angioedema. We exclude both, as
        // the clinicians who specified this twin asked.
        if (patient.EverHad(ConditionKind.Angioedema) && regimen.HasRasBlocker())
        {
            findings.Add(new SafetyFinding(
                "acei-or-arb-after-angioedema",
                SafetySeverity.Excluded,
                $"{ClinicalNames.Drugs(regimen, DrugClass.AceInhibitor, DrugClass.Arb)} after angioedema ({Describe(patient, ConditionKind.Angioedema)}): " +
                "ACE inhibitors are contraindicated after angioedema and ARBs can cause it again.",
                SafetySources.Of(SafetySources.Labels, SafetySources.AccAha2017, SafetySources.Bnf)));
        }

        // Asthma: beta-blockers can cause bronchospasm; non-selective ones must be avoided, cardioselective ones used only
        // with care (BNF: "avoid in asthma"; NICE NG136 does not offer beta-blockers first-line).
        if (patient.EverHad(ConditionKind.Asthma))
        {
            foreach (var item in regimen.Items.Where(i => i.Drug.Class == DrugClass.BetaBlocker))
            {
                findings.Add(item.Drug.BetaSelective
                    ? new SafetyFinding(
                        "selective-beta-blocker-in-asthma",
                        SafetySeverity.Caution,
                        $"{item} (cardioselective beta-blocker) with asthma ({Describe(patient, ConditionKind.Asthma)}): even selective " +
                        "beta-blockers can cause bronchospasm; use only if no alternative, start low and watch peak flow.",
                        SafetySources.Of(SafetySources.Bnf, SafetySources.NiceNg136))
                    : new SafetyFinding(
                        "nonselective-beta-blocker-in-asthma",
                        SafetySeverity.Excluded,
                        $"{item} (non-selective beta-blocker) with asthma ({Describe(patient, ConditionKind.Asthma)}): " +
                        "non-selective beta-blockers block bronchial beta-2 receptors and can cause severe bronchospasm.",
                        SafetySources.Of(SafetySources.Bnf, SafetySources.NiceNg136)));
            }
        }

        // Gout: thiazides raise serum urate and precipitate gout (BNF caution; NICE NG136; Choi HK et al., BMJ 2012;344:d8190:
        // diuretics RR 2.36 for incident gout in hypertension).
        if (patient.EverHad(ConditionKind.Gout) && regimen.HasClass(DrugClass.Thiazide))
        {
            findings.Add(new SafetyFinding(
                "thiazide-in-gout",
                SafetySeverity.Caution,
                $"{ClinicalNames.Drugs(regimen, DrugClass.Thiazide)} with gout ({Describe(patient, ConditionKind.Gout)}): thiazides raise " +
                "serum urate and can precipitate a gout attack; prefer another class, or check urate and urate-lowering treatment.",
                SafetySources.Of(SafetySources.Bnf, SafetySources.NiceNg136, "Choi HK et al., BMJ 2012;344:d8190")));
        }

        // Bilateral renal artery stenosis: ACE inhibitors and ARBs remove the angiotensin-II-dependent efferent tone that
        // keeps filtration going and can cause acute renal failure (labels; BNF; ESC/ESH 2018).
        if (patient.Has(ConditionKind.RenalArteryStenosis) && regimen.HasRasBlocker())
        {
            findings.Add(new SafetyFinding(
                "acei-or-arb-in-bilateral-renal-artery-stenosis",
                SafetySeverity.Excluded,
                $"{ClinicalNames.Drugs(regimen, DrugClass.AceInhibitor, DrugClass.Arb)} with bilateral renal artery stenosis " +
                $"({Describe(patient, ConditionKind.RenalArteryStenosis)}): blocking angiotensin II can cause acute kidney failure.",
                SafetySources.Of(SafetySources.Labels, SafetySources.Bnf, SafetySources.EscEsh2018)));
        }
    }

    /// <summary>How the person's record names a condition, such as <c>"Gout" since 2019-03-02</c>.</summary>
    private static string Describe(PatientProfile patient, ConditionKind kind)
    {
        var condition = patient.Conditions.Where(c => c.Kind == kind).OrderByDescending(c => c.Active).First();
        var text = string.IsNullOrWhiteSpace(condition.Display) ? kind.ToString() : condition.Display;
        if (condition.Onset is { } onset) text += $" since {onset:yyyy-MM-dd}";
        if (!condition.Active) text += ", resolved";
        return $"recorded: {text}";
    }
}
