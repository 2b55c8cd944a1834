using TwinLab.Health.Patients;
using TwinLab.Health.Pharmacology;

namespace TwinLab.Health.Safety;

public static partial class SafetyRules
{
    // ACE inhibitors and ARBs are fetotoxic (renal dysgenesis, oligohydramnios, skull hypoplasia, fetal death; boxed warning
    // in the US labels); ACC/AHA 2017 and NICE NG133 say stop them in pregnancy. Atenolol is associated with fetal growth
    // restriction (BNF; NICE NG133 prefers labetalol); thiazides in pregnancy risk reduced plasma volume and neonatal
    // thrombocytopenia/electrolyte disturbance (BNF: avoid for gestational hypertension; NICE NG133 lists them as drugs to
    // discuss changing).
    private static void CheckPregnancy(Regimen regimen, PatientProfile patient, List<SafetyFinding> findings)
    {
        if (!patient.Has(ConditionKind.Pregnancy)) return;
        if (regimen.HasRasBlocker())
        {
            findings.Add(new SafetyFinding(
                "acei-or-arb-in-pregnancy",
                SafetySeverity.Excluded,
                $"{ClinicalNames.Drugs(regimen, DrugClass.AceInhibitor, DrugClass.Arb)} in pregnancy: ACE inhibitors and ARBs are fetotoxic " +
                "(fetal kidney damage, oligohydramnios, fetal death) and must not be used; labetalol, nifedipine or methyldopa are the usual choices.",
                SafetySources.Of(SafetySources.Labels, SafetySources.AccAha2017, SafetySources.NiceNg133)));
        }
        foreach (var item in regimen.Items.Where(i => i.Drug.Name == "atenolol"))
        {
            findings.Add(new SafetyFinding(
                "atenolol-in-pregnancy",
                SafetySeverity.Caution,
                $"{item} in pregnancy: atenolol is associated with fetal growth restriction; labetalol is preferred.",
                SafetySources.Of(SafetySources.Bnf, SafetySources.NiceNg133)));
        }
        if (regimen.HasClass(DrugClass.Thiazide))
        {
            findings.Add(new SafetyFinding(
                "thiazide-in-pregnancy",
                SafetySeverity.Caution,
                $"{ClinicalNames.Drugs(regimen, DrugClass.Thiazide)} in pregnancy: thiazides reduce plasma volume and can cause neonatal " +
                "thrombocytopenia and electrolyte disturbance; discuss changing to a drug recommended in pregnancy.",
                SafetySources.Of(SafetySources.Bnf, SafetySources.NiceNg133)));
        }
    }

    /// <summary>Women of reproductive age as the WHO counts them (15–49 years).</summary>
    internal const int ReproductiveAgeFrom = 15, ReproductiveAgeTo = 49;

    // Not pregnant but could become so: NICE NG133 (1.1) asks that women of reproductive age taking an ACE inhibitor or
    // ARB be told of the risk of congenital abnormalities and fetal harm, use effective contraception and change treatment
    // before a planned pregnancy (and within two days of finding out they are pregnant).
    private static void CheckChildbearingAge(Regimen regimen, PatientProfile patient, DateOnly today, List<SafetyFinding> findings)
    {
        if (patient.Sex != Sex.Female || patient.Has(ConditionKind.Pregnancy) || !regimen.HasRasBlocker()) return;
        if (patient.AgeOn(today) is not { } age || age < ReproductiveAgeFrom || age > ReproductiveAgeTo) return;
        findings.Add(new SafetyFinding(
            "acei-or-arb-in-woman-of-reproductive-age",
            SafetySeverity.Caution,
            $"{ClinicalNames.Drugs(regimen, DrugClass.AceInhibitor, DrugClass.Arb)} in a woman aged {age}: these drugs harm the fetus; " +
            "discuss contraception and pregnancy plans, and change treatment before a planned pregnancy or as soon as one is found.",
            SafetySources.Of(SafetySources.NiceNg133, SafetySources.Labels)));
    }
}
