using TwinLab.Health.Pharmacology;

namespace TwinLab.Health.SideEffects;

public static partial class SideEffectModel
{
    /// <summary>Cough with ACE inhibitors: Law 2003 Table 5 ACE-inhibitor excess (3.9%, "mainly cough", not dose-related).</summary>
    /// <remarks>Observational studies report cough in 5–35% of users (e.g. Dicpinigaitis PV, Chest 2006;129:169S); those are
    /// crude rates including background cough. We use the placebo-adjusted figure, which is what the drug adds.</remarks>
    internal const string CoughSource = "Law MR et al., BMJ 2003;326:1427, Table 5 (ACE-inhibitor excess, mainly cough; crude rates of 5–35% include background cough)";

    /// <summary>Angioedema with ACE inhibitors: enalapril arm of OCTAVE, 0.68% over 24 weeks (Kostis JB et al., Am J Hypertens 2004;17:103).</summary>
    internal const double AngioedemaRisk = 0.0068;

    /// <summary>Ankle oedema with calcium channel blockers at standard dose, in excess of placebo: 10.7% against 3.2% (Makani H et al., J Hypertens 2011;29:1270; 106 trials).</summary>
    internal const double OedemaStandard = 0.107 - 0.032;

    /// <summary>Relative risk of CCB oedema with an ACE inhibitor or ARB added: 0.62 (Makani H et al., Am J Med 2011;124:128; 25 trials).</summary>
    internal const double OedemaWithRasBlocker = 0.62;

    /// <summary>
    /// Hypokalaemia (K &lt; 3.5 mmol/L) with a thiazide at half / standard / double dose. Standard: SHEP, chlorthalidone
    /// 12.5–25 mg, 7.2% against 1.0% on placebo at one year (Franse LV et al., Hypertension 2000;35:1025). Half: 1%,
    /// because Law 2003 found metabolic effects negligible at half dose; double: twice standard (an assumption).
    /// </summary>
    internal static readonly double[] HypokalaemiaByDose = [0.01, 0.072 - 0.010, 2 * (0.072 - 0.010)];

    /// <summary>Relative risk of incident gout with a diuretic in hypertension at usual doses: 2.36 (Choi HK et al., BMJ 2012;344:d8190).</summary>
    internal const double GoutRelativeRisk = 2.36;

    /// <summary>Background chance of a first gout attack over the first six months in treated hypertension (an assumption of order: about 0.5% a year in UK primary care).</summary>
    internal const double GoutBackgroundFirstAttack = 0.0025;

    /// <summary>Background chance of a gout flare over six months in a person with gout (an assumption: about 30% a year, many without urate-lowering treatment having at least one flare a year).</summary>
    internal const double GoutBackgroundFlare = 0.15;

    /// <summary>Excess fatigue with beta-blockers: 18 per 1,000 patient-years (Ko DT et al., JAMA 2002;288:351; 15 trials).</summary>
    internal const double FatigueStandard = 0.018;

    /// <summary>Symptomatic bradycardia with a beta-blocker at standard dose: 3% against 0% on placebo (atenolol label).</summary>
    internal const double BradycardiaStandard = 0.03;

    /// <summary>
    /// Hyperkalaemia (K &gt; 5.5 mmol/L) with an ACE inhibitor or ARB at standard dose without risk factors: 1.5% (Raebel MA,
    /// Cardiovasc Ther 2012;30:e156: under 2% without risk factors, up to about 10% with CKD, diabetes or heart failure).
    /// </summary>
    internal const double HyperkalaemiaStandard = 0.015;

    private const string ThiazideHypokalaemiaSource = "SHEP (Franse LV et al., Hypertension 2000;35:1025); Law MR et al., BMJ 2003;326:1427 (negligible at half dose); dose shape an assumption";

    private static IEnumerable<NamedSideEffect> NamedEffects(RegimenItem item, PersonContext person)
    {
        var cause = item.ToString();
        var dose = item.RelativeDose;
        switch (item.Drug.Class)
        {
            case DrugClass.AceInhibitor:
                yield return new NamedSideEffect("cough", Law2003Symptoms.Excess(DrugClass.AceInhibitor, dose), cause, CoughSource);
                // Not dose-related (like cough, bradykinin-mediated). Kostis 2004 found it 2–3 times commoner in Black
                // patients; the profile holds no ethnicity, so the overall rate is used.
                yield return new NamedSideEffect("angioedema", AngioedemaRisk, cause,
                    "OCTAVE, enalapril arm (Kostis JB et al., Am J Hypertens 2004;17:103); higher in people of African descent, not adjusted (ethnicity not recorded)");
                yield return Hyperkalaemia(cause, dose, person);
                break;
            case DrugClass.Arb:
                yield return Hyperkalaemia(cause, dose, person);
                break;
            case DrugClass.CalciumChannelBlocker:
            {
                // Dose shape: Law 2003's CCB symptom row (1.6/8.3/14.9 %), of which oedema is the main part. Cross-check:
                // amlodipine label, oedema 1.8 / 3.0 / 10.8 % at 2.5 / 5 / 10 mg against 0.6 % on placebo.
                var p = OedemaStandard * Law2003Symptoms.DoseShape(DrugClass.CalciumChannelBlocker, dose);
                var source = "Makani H et al., J Hypertens 2011;29:1270; dose shape Law MR et al., BMJ 2003;326:1427 Table 5";
                if (person.WithRasBlocker)
                {
                    p *= OedemaWithRasBlocker;
                    source += "; × 0.62 with an ACE inhibitor or ARB (Makani H et al., Am J Med 2011;124:128)";
                }
                yield return new NamedSideEffect("ankle oedema", p, cause, source);
                break;
            }
            case DrugClass.Thiazide:
                yield return Hypokalaemia(cause, dose, person);
                yield return GoutFlare(cause, dose, person);
                break;
            case DrugClass.BetaBlocker:
            {
                var shape = Law2003Symptoms.DoseShape(DrugClass.BetaBlocker, dose);
                yield return new NamedSideEffect("fatigue", FatigueStandard * shape, cause,
                    "Ko DT et al., JAMA 2002;288:351; dose shape Law MR et al., BMJ 2003;326:1427 Table 5");
                var slow = person.HeartRate is < 60;
                // A heart already below 60/min has less reserve: 3× (an assumption).
                yield return new NamedSideEffect("bradycardia", Math.Min(0.9, BradycardiaStandard * shape * (slow ? 3 : 1)), cause,
                    "atenolol label (3% vs 0% placebo); dose shape Law MR et al., BMJ 2003;326:1427 Table 5" +
                    (slow ? $"; × 3 with resting heart rate {person.HeartRate:0}/min (assumption)" : ""));
                break;
            }
        }
    }

    private static NamedSideEffect Hypokalaemia(string cause, double dose, PersonContext person)
    {
        var p = DoseCurve.At(HypokalaemiaByDose[0], HypokalaemiaByDose[1], HypokalaemiaByDose[2], dose);
        var source = ThiazideHypokalaemiaSource;
        // Assumptions: a low-normal potassium leaves little margin (× 2); an ACE inhibitor or ARB retains potassium and
        // offsets the thiazide's loss (× 0.5), the reason guidelines pair them.
        if (person.Potassium is < 3.8) { p *= 2; source += "; × 2 with potassium below 3.8 mmol/L (assumption)"; }
        if (person.WithRasBlocker) { p *= 0.5; source += "; × 0.5 with an ACE inhibitor or ARB (assumption)"; }
        return new NamedSideEffect("hypokalaemia", Math.Min(0.9, p), cause, source);
    }

    private static NamedSideEffect GoutFlare(string cause, double dose, PersonContext person)
    {
        // The excess relative risk (RR − 1) is scaled with dose by Law's thiazide symptom row (an assumption: urate rises
        // with dose); the background is a first attack, or a flare in a person with gout.
        var excessRr = (GoutRelativeRisk - 1) * Law2003Symptoms.DoseShape(DrugClass.Thiazide, dose);
        var background = person.GoutHistory ? GoutBackgroundFlare : GoutBackgroundFirstAttack;
        var p = Math.Min(0.95 - background, background * excessRr);
        return new NamedSideEffect(person.GoutHistory ? "gout flare" : "gout", p, cause,
            "Choi HK et al., BMJ 2012;344:d8190 (RR 2.36); background " + (person.GoutHistory
                ? "15% flares in six months with known gout (assumption)"
                : "0.25% first attacks in six months (assumption)") + ", over the first six months");
    }

    private static NamedSideEffect Hyperkalaemia(string cause, double dose, PersonContext person)
    {
        // Half dose 0.6×, double 1.4× the standard-dose risk (an assumption; Law 2003: metabolic effects small at half dose).
        var p = HyperkalaemiaStandard * DoseCurve.At(0.6, 1.0, 1.4, dose);
        var factors = new List<string>();
        // Risk multipliers (assumptions chosen so the combined risk with CKD reaches the 5–10% Raebel 2012 reports):
        if (person.Egfr is < 30) { p *= 6; factors.Add("eGFR below 30 × 6"); }
        else if (person.Egfr is < 60 || person.ChronicKidneyDisease) { p *= 4; factors.Add("CKD / eGFR below 60 × 4"); }
        if (person.Diabetes) { p *= 1.5; factors.Add("diabetes × 1.5"); }
        if (person.HeartFailure) { p *= 1.5; factors.Add("heart failure × 1.5"); }
        if (person.Potassium is > 4.5) { p *= 2; factors.Add("potassium above 4.5 mmol/L × 2"); }
        return new NamedSideEffect("hyperkalaemia", Math.Min(0.6, p), cause,
            "Raebel MA, Cardiovasc Ther 2012;30:e156" + (factors.Count > 0 ? $"; {string.Join(", ", factors)} (assumptions)" : ""));
    }
}
