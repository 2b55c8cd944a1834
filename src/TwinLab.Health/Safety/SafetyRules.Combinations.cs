using TwinLab.Health.Pharmacology;

namespace TwinLab.Health.Safety;

public static partial class SafetyRules
{
    // Dual renin–angiotensin blockade: ONTARGET (Yusuf S et al., NEJM 2008;358:1547) found ramipril + telmisartan no better
    // than either alone on outcomes, with more hypotension, syncope, hyperkalaemia and renal dysfunction; ACC/AHA 2017
    // (Whelton PK et al.) calls simultaneous ACE inhibitor + ARB "potentially harmful" (class III: harm); NICE NG136 advises
    // against combining them for hypertension.
    // Two drugs of one class: Law MR et al., BMJ 2003;326:1427 showed classes add but a second drug of the same class adds
    // little beyond a higher dose of one, with the side effects of both; no guideline combines them.
    private static void CheckCombinations(Regimen regimen, List<SafetyFinding> findings)
    {
        if (regimen.HasClass(DrugClass.AceInhibitor) && regimen.HasClass(DrugClass.Arb))
        {
            findings.Add(new SafetyFinding(
                "acei-with-arb",
                SafetySeverity.Excluded,
                $"{ClinicalNames.Drugs(regimen, DrugClass.AceInhibitor, DrugClass.Arb)}: an ACE inhibitor with an ARB (dual renin–angiotensin " +
                "blockade) adds no benefit and raises the risk of hypotension, hyperkalaemia and acute kidney injury.",
                SafetySources.Of(SafetySources.Ontarget, SafetySources.AccAha2017, SafetySources.NiceNg136)));
        }
        foreach (var group in regimen.Items.GroupBy(i => i.Drug.Class).Where(g => g.Count() > 1))
        {
            var names = string.Join(" and ", group.Select(i => i.ToString()));
            findings.Add(new SafetyFinding(
                $"two-drugs-same-class-{group.Key.Name()}",
                SafetySeverity.Excluded,
                $"{names}: two drugs of the same class ({ClinicalNames.Of(group.Key)}) do not add to each other's blood-pressure " +
                "effect but add their side effects; use one drug at a higher dose or a drug of another class.",
                SafetySources.Of(SafetySources.Law2003, SafetySources.AccAha2017)));
        }
    }
}
