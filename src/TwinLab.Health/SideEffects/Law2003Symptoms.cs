using TwinLab.Health.Pharmacology;

namespace TwinLab.Health.SideEffects;

/// <summary>
/// The prevalence of symptomatic side effects in excess of placebo, by class and dose, from Law MR, Wald NJ, Morris JK,
/// Jordan RE, BMJ 2003;326:1427, Table 5 (percentage of patients reporting symptoms attributable to treatment, trials
/// of median 4 weeks): symptoms with thiazides, beta-blockers and calcium channel blockers rise steeply with dose; those
/// with ACE inhibitors (mainly cough) do not; ARBs cause no excess.
/// </summary>
public static class Law2003Symptoms
{
    // Law 2003 Table 5, excess % of patients with symptoms at half / standard / twice standard dose (as transcribed in
    // /work/shared/references/hypertension.md). The ARB row's −1.8 % at half dose (fewer symptoms than placebo) is a
    // sampling fluctuation around zero; Excess floors it at 0.
    private static readonly double[][] Table =
    [
        [2.0, 9.9, 17.8], // thiazide
        [5.5, 7.5, 9.4],  // beta-blocker
        [3.9, 3.9, 3.9],  // ACE inhibitor (mostly cough; not dose-related)
        [-1.8, 0.0, 1.9], // ARB
        [1.6, 8.3, 14.9], // calcium channel blocker
    ];

    /// <summary>The published excess prevalence (percent, may be negative for ARBs at half dose) at a dose level.</summary>
    public static double TablePercent(DrugClass drugClass, DoseLevel level) => Table[(int)drugClass][(int)level];

    /// <summary>
    /// The probability (0–1) of any symptomatic side effect in excess of placebo for one drug of a class at a dose relative
    /// to standard: the table read in log dose as <see cref="Law2003.Reduction"/> reads the BP table, floored at 0.
    /// </summary>
    public static double Excess(DrugClass drugClass, double relativeDose)
    {
        var row = Table[(int)drugClass];
        return DoseCurve.At(row[0], row[1], row[2], relativeDose) / 100;
    }

    /// <summary>
    /// The class's excess at a dose as a multiple of its excess at standard dose (1 for ACE inhibitors at any dose from
    /// half upwards): the dose shape borrowed for named effects whose source gives one dose only. Not defined for ARBs.
    /// </summary>
    internal static double DoseShape(DrugClass drugClass, double relativeDose) =>
        Excess(drugClass, relativeDose) / Excess(drugClass, 1.0);
}
