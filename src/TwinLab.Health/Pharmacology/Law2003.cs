namespace TwinLab.Health.Pharmacology;

/// <summary>
/// Population blood-pressure effects of the five classes from Law MR, Wald NJ, Morris JK, Jordan RE. "Value of low dose
/// combination treatment with blood pressure lowering drugs: analysis of 354 randomised trials." BMJ 2003;326:1427
/// (PMC162261): placebo-adjusted reductions in clinic BP at half, standard and twice standard dose, standardised to a
/// pretreatment BP of 154/97 mmHg; larger reductions at higher pretreatment BP; classes additive.
/// </summary>
public static class Law2003
{
    /// <summary>Pretreatment systolic BP (mmHg) to which the trials' reductions are standardised (Law 2003).</summary>
    public const double TrialPretreatmentSystolic = 154;

    /// <summary>Pretreatment diastolic BP (mmHg) to which the trials' reductions are standardised (Law 2003).</summary>
    public const double TrialPretreatmentDiastolic = 97;

    /// <summary>Extra systolic reduction per 10 mmHg higher pretreatment systolic BP, at standard dose (Law 2003 abstract: 1.0 mmHg).</summary>
    public const double SystolicSlopePer10 = 1.0;

    /// <summary>Extra diastolic reduction per 10 mmHg higher pretreatment diastolic BP, at standard dose (Law 2003 abstract: 1.1 mmHg).</summary>
    public const double DiastolicSlopePer10 = 1.1;

    /// <summary>The all-class mean reduction at standard dose (Law 2003 abstract: 9.1/5.5 mmHg).</summary>
    public static BpChange AllClassesStandard { get; } = new(9.1, 5.5);

    // Law 2003, reductions by class at half / standard / twice standard dose (mmHg, placebo-adjusted, pretreatment 154/97);
    // rows as transcribed in /work/shared/references/hypertension.md.
    private static readonly BpChange[][] Table =
    [
        [new(7.4, 3.7), new(8.8, 4.4), new(10.3, 5.0)],  // thiazide
        [new(7.4, 5.6), new(9.2, 6.7), new(11.1, 7.8)],  // beta-blocker
        [new(6.9, 3.7), new(8.5, 4.7), new(10.0, 5.7)],  // ACE inhibitor
        [new(7.8, 4.5), new(10.3, 5.7), new(12.3, 6.5)], // ARB
        [new(5.9, 3.9), new(8.8, 5.9), new(11.7, 7.9)],  // calcium channel blocker
    ];

    /// <summary>The published reduction (positive mmHg) for a class at a dose level, at pretreatment 154/97.</summary>
    public static BpChange TableReduction(DrugClass drugClass, DoseLevel level) => Table[(int)drugClass][(int)level];

    /// <summary>
    /// The expected placebo-adjusted reduction (positive mmHg, clinic BP) of one class at a dose relative to standard, at a
    /// pretreatment clinic BP. Between half and double dose the table is interpolated linearly in log₂ dose (Law's
    /// three points lie close to a log-linear dose–response); below half dose the effect falls in proportion to dose
    /// (Cochrane, Musini 2014: hydrochlorothiazide 6.25 mg lowers about 4/2 mmHg against 6/3 at 12.5 mg); above
    /// twice the dose the double-to-standard slope continues, up to four times the standard dose.
    /// The pretreatment dependence scales the reduction by the same proportion Law reports at standard dose:
    /// 1.0/9.1 per 10 mmHg systolic and 1.1/5.5 per 10 mmHg diastolic, never below a fifth of the table value.
    /// </summary>
    public static BpChange Reduction(DrugClass drugClass, double relativeDose, double pretreatmentSystolic, double pretreatmentDiastolic)
    {
        if (!(relativeDose > 0)) return BpChange.Zero;
        var row = Table[(int)drugClass];
        var atDose = new BpChange(
            DoseCurve.At(row[0].Systolic, row[1].Systolic, row[2].Systolic, relativeDose),
            DoseCurve.At(row[0].Diastolic, row[1].Diastolic, row[2].Diastolic, relativeDose));
        var factor = PretreatmentFactor(pretreatmentSystolic, pretreatmentDiastolic);
        return new BpChange(atDose.Systolic * factor.Systolic, atDose.Diastolic * factor.Diastolic);
    }

    /// <summary>
    /// How much larger (or smaller) every class's reduction is at a pretreatment clinic BP than at the trials' 154/97:
    /// the same factor for every class and dose, which is what lets the twin scale one class curve per person.
    /// </summary>
    public static BpChange PretreatmentFactor(double pretreatmentSystolic, double pretreatmentDiastolic) => new(
        Math.Max(0.2, 1 + SystolicSlopePer10 * (pretreatmentSystolic - TrialPretreatmentSystolic) / 10 / AllClassesStandard.Systolic),
        Math.Max(0.2, 1 + DiastolicSlopePer10 * (pretreatmentDiastolic - TrialPretreatmentDiastolic) / 10 / AllClassesStandard.Diastolic));
}
