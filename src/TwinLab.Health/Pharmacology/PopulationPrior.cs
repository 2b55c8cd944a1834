namespace TwinLab.Health.Pharmacology;

/// <summary>
/// What the twin believes about a person before it has seen their response to any drug: the population's.
/// </summary>
/// <param name="SensitivitySd">
/// SD of a person's class sensitivity (their effect ÷ the population effect) around 1. The Law 2003 effects are means;
/// individual responses to one class vary around them (crossover "rotation" trials such as Dickerson JE et al., Lancet
/// 1999;353:2008, show people responding best to different classes). 0.4 is an assumption to be refined with data; it
/// lets the posterior move far from 1 once a person's readings show their response.
/// </param>
/// <param name="SensitivityCorrelation">
/// Correlation between a person's sensitivities to two different classes. The renin–angiotensin drugs (ACE inhibitors,
/// ARBs) and beta-blockers act on the same system, so their responses go together (Dickerson 1999: responses to A and
/// B drugs correlated, and to C and D drugs); the value used for those pairs and for thiazide–CCB is this one, other
/// pairs are independent.
/// </param>
/// <param name="UntreatedSd">SD of the untreated mean home BP before any reading is seen, mmHg (wide: the readings set it).</param>
public sealed record PopulationPrior(double SensitivitySd, double SensitivityCorrelation, BpChange UntreatedSd)
{
    /// <summary>The default prior.</summary>
    public static PopulationPrior Default { get; } = new(0.4, 0.5, new BpChange(25, 15));

    /// <summary>The prior correlation between sensitivities to two classes (1 on the diagonal).</summary>
    public double Correlation(DrugClass a, DrugClass b)
    {
        if (a == b) return 1;
        static int Group(DrugClass c) => c is DrugClass.AceInhibitor or DrugClass.Arb or DrugClass.BetaBlocker ? 0 : 1;
        return Group(a) == Group(b) ? SensitivityCorrelation : 0;
    }
}
